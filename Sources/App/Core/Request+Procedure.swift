import Vapor

extension Request {
    /// The procedure named in the path (`:procedure`), with its counters, from the reference cache; an unknown or
    /// retired one is a 404.
    func procedureInPath() async throws -> (Procedure, [Counter]) {
        guard let id = parameters.get("procedure"), let found = try await guichet.reference.get(on: db).offered(id)
        else { throw BookingError.unknownProcedure }
        return (found.procedure, found.counters)
    }
}
