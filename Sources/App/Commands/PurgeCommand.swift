import GuichetCore
import Vapor

/// `guichet purge [--months N] [--dry-run]`: deletes the personal data of bookings closed more than N months ago
/// (default `GUICHET_RETENTION_MONTHS`, 24), keeping anonymous weekly statistics. The serving process does the
/// same every day.
struct PurgeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(
            name: "months",
            help: "Keep personal data this many months after a booking closed (default: GUICHET_RETENTION_MONTHS, 24).")
        var months: Int?
        @Flag(name: "dry-run", help: "Count what would be deleted; change nothing.")
        var dryRun: Bool
    }

    var help: String {
        "Deletes the personal data of bookings closed more than N months ago, keeping anonymous statistics."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let months = signature.months ?? app.guichet.config.retentionMonths
        guard months >= 1 else { throw ConfigError("--months must be at least 1") }
        let outcome = try await RetentionPurge(db: app.db, services: app.guichet, logger: app.logger)
            .run(months: months, dryRun: signature.dryRun)
        let cutoff = ParisTime.iso8601(outcome.cutoff)
        if outcome.skipped {
            context.console.print("Another process is purging now; nothing done.")
        } else if signature.dryRun {
            context.console.print("Would purge what closed before \(cutoff): \(outcome)")
        } else {
            context.console.print("Purged what closed before \(cutoff): \(outcome)")
        }
    }
}
