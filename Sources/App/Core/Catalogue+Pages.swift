import GuichetCore

/// The strings of the booking, draw, urgent-request and document pages.
extension Catalogue {
    static let booking: [String: Localized] = [
        "walkInTitle": Localized(fr: "Sans rendez-vous", en: "No appointment needed"),
        "documentsTitle": Localized(fr: "Documents à apporter", en: "Documents to bring"),
        "whereTitle": Localized(fr: "Où", en: "Where"),
        "daysTitle": Localized(fr: "Jours avec des places libres", en: "Days with free seats"),
        "daysIntro": Localized(fr: "Choisissez un jour, puis une heure.", en: "Choose a day, then a time."),
        "seatsFree": Localized(fr: "place(s) libre(s)", en: "free seat(s)"),
        "noDays": Localized(
            fr:
                "Aucune place n'est libre pour le moment. De nouvelles places sont publiées plusieurs fois par semaine, à des heures tirées au hasard.",
            en: "No seat is free at the moment. New seats are published several times a week, at random times."),
        "noDaysUrgent": Localized(fr: "Votre titre expire avant ?", en: "Your permit expires before then?"),
        "backDays": Localized(fr: "Retour aux jours", en: "Back to the days"),
        "timesIntro": Localized(fr: "Choisissez une heure.", en: "Choose a time."),
        "noTimes": Localized(
            fr: "Plus aucune place ce jour-là. Choisissez un autre jour.",
            en: "No seat left that day. Choose another day."),
        "bookTitle": Localized(fr: "Vos informations", en: "Your details"),
        "chooseAnother": Localized(fr: "Choisir un autre créneau", en: "Choose another time"),
        "identityLegend": Localized(fr: "Identité", en: "Identity"),
        "exactName": Localized(
            fr:
                "Écrivez vos noms et prénoms exactement comme sur votre passeport ou votre titre de séjour, avec les accents et les traits d'union. Ils ne pourront plus être modifiés et seront comparés à votre pièce d'identité au guichet.",
            en:
                "Write your names exactly as on your passport or residence permit, with accents and hyphens. They cannot be changed later and are checked against your ID at the counter."
        ),
        "exactNameExample": Localized(
            fr:
                "Exemple : si votre passeport indique « BEN SALAH » et « Mohamed-Amine », écrivez Ben Salah et Mohamed-Amine, pas « Mohamed » ni « BENSALAH ».",
            en:
                "Example: if your passport shows \"BEN SALAH\" and \"Mohamed-Amine\", write Ben Salah and Mohamed-Amine, not \"Mohamed\" or \"BENSALAH\"."
        ),
        "familyName": Localized(fr: "Nom de famille", en: "Family name"),
        "familyNameHint": Localized(
            fr: "Tous vos noms de famille, comme sur le document.", en: "All your family names, as on the document."),
        "givenNames": Localized(fr: "Prénoms", en: "Given names"),
        "givenNamesHint": Localized(
            fr: "Tous vos prénoms, dans l'ordre du document. Laissez vide si vous n'en avez pas.",
            en: "All your given names, in the document's order. Leave empty if you have none."),
        "birthDate": Localized(fr: "Date de naissance", en: "Date of birth"),
        "nationality": Localized(fr: "Nationalité", en: "Nationality"),
        "chooseNationality": Localized(fr: "Choisissez", en: "Choose"),
        "foreignNumber": Localized(fr: "Numéro étranger", en: "Foreign-national number"),
        "foreignNumberHint": Localized(
            fr: "10 chiffres, sur votre titre de séjour ou récépissé, si vous en avez un.",
            en: "10 digits, on your residence permit or receipt, if you have one."),
        "permitExpiry": Localized(fr: "Date d'expiration du titre ou du visa", en: "Expiry date of the permit or visa"),
        "permitExpiryHint": Localized(
            fr: "Sert à donner la priorité aux titres qui expirent bientôt.",
            en: "Used to give priority to permits about to expire."),
        "email": Localized(fr: "Adresse électronique", en: "Email address"),
        "emailHint": Localized(
            fr: "Un code vous y sera envoyé. Une adresse ne sert qu'à un rendez-vous à la fois.",
            en: "A code is sent there. One address serves one appointment at a time."),
        "phone": Localized(fr: "Téléphone", en: "Phone"),
        "phoneHint": Localized(
            fr: "Par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.",
            en: "For example 06 12 34 56 78 or +33 6 12 34 56 78."),
        "holdExplained": Localized(
            fr: "Le créneau vous est réservé 15 minutes, le temps de saisir le code envoyé par courriel.",
            en: "The time is held for you for 15 minutes, while you enter the code sent by email."),
        "bookSubmit": Localized(fr: "Réserver et recevoir le code", en: "Book and get the code"),
        "codeTitle": Localized(fr: "Saisissez le code reçu par courriel", en: "Enter the code sent by email"),
        "codeIntro": Localized(
            fr: "Nous vous avons envoyé un code à 6 chiffres. Le créneau vous est réservé jusqu'à",
            en: "We sent you a 6-digit code. The time is held for you until"),
        "codeLabel": Localized(fr: "Code de confirmation", en: "Confirmation code"),
        "codeHint": Localized(
            fr: "6 chiffres. Pensez à regarder dans les courriers indésirables.",
            en: "6 digits. Check your spam folder too."),
        "codeSubmit": Localized(fr: "Confirmer", en: "Confirm"),
        "codeNotPending": Localized(
            fr:
                "Cette réservation n'attend plus de code : elle a été confirmée, annulée ou a expiré. Consultez vos courriels.",
            en:
                "This booking no longer waits for a code: it was confirmed, cancelled or has expired. Check your emails."
        ),
        "appointmentTitle": Localized(fr: "Votre rendez-vous", en: "Your appointment"),
        "confirmedText": Localized(
            fr: "Votre rendez-vous est confirmé. Un courriel vous a été envoyé avec le lien de cette page : gardez-le.",
            en: "Your appointment is confirmed. An email with the link to this page was sent to you: keep it."),
        "nameLabel": Localized(fr: "Nom enregistré", en: "Registered name"),
        "procedureLabel": Localized(fr: "Démarche", en: "Procedure"),
        "whenLabel": Localized(fr: "Date et heure", en: "Date and time"),
        "whereLabel": Localized(fr: "Lieu", en: "Place"),
        "statusLabel": Localized(fr: "État", en: "Status"),
        "convocationAction": Localized(fr: "Voir et imprimer la convocation", en: "View and print the convocation"),
        "attestationAction": Localized(
            fr: "Télécharger une attestation de demande", en: "Download an attestation of request"),
        "cancelAction": Localized(fr: "Annuler le rendez-vous", en: "Cancel the appointment"),
        "identityLockedTitle": Localized(fr: "Changer de personne ?", en: "A different person?"),
        "identityLocked": Localized(
            fr:
                "Le nom d'un rendez-vous ne peut pas être modifié. Une autre personne doit prendre son propre rendez-vous ; si ce rendez-vous ne vous sert plus, annulez-le pour libérer la place.",
            en:
                "The name on an appointment cannot be changed. A different person needs their own appointment; if you no longer need this one, cancel it to free the seat."
        ),
        "cancelTitle": Localized(fr: "Annuler le rendez-vous ?", en: "Cancel the appointment?"),
        "cancelWarning": Localized(
            fr:
                "L'annulation est définitive. La place ne sera pas donnée à quelqu'un d'autre tout de suite : elle sera remise en jeu plus tard. Pour un nouveau rendez-vous, il faudra refaire une demande.",
            en:
                "Cancelling is final. The seat is not handed to someone else at once: it is offered again later. For a new appointment you will have to ask again."
        ),
        "cancelConfirm": Localized(fr: "Oui, annuler le rendez-vous", en: "Yes, cancel the appointment"),
        "cancelKeep": Localized(fr: "Non, garder le rendez-vous", en: "No, keep the appointment"),
        "backAppointment": Localized(fr: "Retour au rendez-vous", en: "Back to the appointment"),
    ]

    static let documents: [String: Localized] = [
        "convocationTitle": Localized(fr: "Convocation", en: "Convocation"),
        "shortCodeLabel": Localized(fr: "Code de vérification", en: "Verification code"),
        "convocationIdentity": Localized(
            fr:
                "Présentez-vous avec la pièce d'identité portant exactement ce nom. Si le nom ne correspond pas, le rendez-vous sera refusé.",
            en:
                "Come with the identity document bearing exactly this name. If the name does not match, the appointment will be refused."
        ),
        "verifyAt": Localized(fr: "Vérifiable sur", en: "Verifiable at"),
        "attestationTitle": Localized(
            fr: "Attestation de demande de rendez-vous", en: "Attestation of appointment request"),
        "attestationIntro": Localized(
            fr:
                "La préfecture de l'Hérault atteste que la personne ci-dessous a demandé un rendez-vous au service des étrangers.",
            en:
                "The Prefecture of Hérault attests that the person below asked the foreigners' service for an appointment."
        ),
        "askedOnLabel": Localized(fr: "Demande faite le", en: "Requested on"),
        "issuedOnLabel": Localized(fr: "Attestation délivrée le", en: "Attestation issued on"),
        "attestationPurpose": Localized(
            fr:
                "Cette attestation est destinée à l'employeur et aux forces de l'ordre pendant l'attente du rendez-vous. Son authenticité se vérifie avec le code ou le code QR.",
            en:
                "This attestation is meant for the employer and the police while the person waits for the appointment. Its authenticity is checked with the code or the QR code."
        ),
        "verifyTitle": Localized(
            fr: "Vérifier une convocation ou une attestation", en: "Verify a convocation or an attestation"),
        "verifyIntro": Localized(
            fr: "Tapez le code de vérification imprimé sous le code QR, ou scannez le code QR.",
            en: "Type the verification code printed under the QR code, or scan the QR code."),
        "verifyAction": Localized(fr: "Vérifier", en: "Verify"),
        "verifyCodeLabel": Localized(fr: "Code de vérification", en: "Verification code"),
        "verifyCodeHint": Localized(
            fr: "10 caractères, par exemple 7K3QD-M9XTA.", en: "10 characters, for example 7K3QD-M9XTA."),
        "verifyAnother": Localized(fr: "Vérifier un autre code", en: "Verify another code"),
        "verdictValid": Localized(fr: "Document authentique", en: "Genuine document"),
        "verdictValidText": Localized(
            fr: "Ce document a bien été délivré par la préfecture et il est en cours de validité.",
            en: "This document was issued by the prefecture and is current."),
        "verdictCancelled": Localized(fr: "Document annulé", en: "Document cancelled"),
        "verdictCancelledText": Localized(
            fr:
                "Ce document a été délivré par la préfecture, mais le rendez-vous ou la demande correspondant a été annulé, retiré ou a expiré.",
            en:
                "This document was issued by the prefecture, but its appointment or request was cancelled, withdrawn or has expired."
        ),
        "verdictForged": Localized(fr: "Document falsifié", en: "Forged document"),
        "verdictForgedText": Localized(
            fr: "La signature ne correspond pas : ce document a été modifié ou fabriqué. Il n'est pas valable.",
            en: "The signature does not match: this document was altered or made up. It is not valid."),
        "verdictUnknown": Localized(fr: "Code inconnu", en: "Unknown code"),
        "verdictUnknownText": Localized(
            fr: "Aucun document ne porte ce code. Vérifiez la saisie ; sinon, le document n'est pas authentique.",
            en: "No document carries this code. Check what you typed; otherwise the document is not genuine."),
        "documentLabel": Localized(fr: "Document", en: "Document"),
        "birthYearLabel": Localized(fr: "Année de naissance", en: "Year of birth"),
        "verifyCheckId": Localized(
            fr: "Le nom est masqué : comparez-le à la pièce d'identité de la personne.",
            en: "The name is masked: compare it with the person's identity document."),
    ]

    static let draw: [String: Localized] = [
        "drawTitle": Localized(fr: "Demande puis tirage au sort", en: "Request, then draw"),
        "drawIntro": Localized(
            fr:
                "Déposez votre demande à tout moment : l'heure de la demande ne change rien. À chaque tirage, un tirage au sort vérifiable attribue les places disponibles ; une demande sans place reste pour le tirage suivant, avec son numéro.",
            en:
                "File your request at any time: when you ask changes nothing. At each draw, a verifiable lottery allocates the seats on offer; a request without a seat stays for the next draw, with its number."
        ),
        "tierRule": Localized(
            fr:
                "Ordre de priorité : d'abord les titres expirés ou expirant dans les 30 jours, puis ceux qui expirent dans les 90 jours, puis les autres ; au sein de chaque groupe, l'ordre est tiré au sort de façon vérifiable. La date d'expiration ne donne la priorité qu'une fois vérifiée par un agent sur la copie du titre jointe à la demande. Sans place cette fois, votre demande reste pour le tirage suivant.",
            en:
                "Priority order: first permits expired or expiring within 30 days, then those expiring within 90 days, then the others; within each group the order is drawn verifiably. An expiry date gives priority only once an agent has checked it on the copy of the permit attached to the request. Without a seat this time, your request stays for the next draw."
        ),
        "drawCadenceLabel": Localized(fr: "Tirages :", en: "Draws:"),
        "nextDrawLabel": Localized(fr: "Prochain tirage :", en: "Next draw:"),
        "drawCloses": Localized(
            fr: "Les demandes confirmées avant cette heure entrent dans le prochain tirage, le",
            en: "Requests confirmed before then enter the next draw, on"),
        "commitmentLabel": Localized(
            fr: "Engagement publié (empreinte SHA-256 du tirage) :",
            en: "Published commitment (SHA-256 of the draw's seed):"),
        "requestAction": Localized(fr: "Déposer une demande", en: "File a request"),
        "requestTitle": Localized(fr: "Demande de rendez-vous", en: "Appointment request"),
        "unavailableLegend": Localized(fr: "Jours où vous ne pouvez pas venir", en: "Days you cannot come"),
        "unavailableHint": Localized(
            fr: "Le tirage ne vous donnera pas de place ces jours-là. Laissez au moins un jour possible.",
            en: "The draw will not give you a seat on those days. Leave at least one day possible."),
        "requestSubmit": Localized(
            fr: "Envoyer la demande et recevoir le code", en: "Send the request and get the code"),
        "requestCodeIntro": Localized(
            fr: "Nous vous avons envoyé un code à 6 chiffres, valable 30 minutes.",
            en: "We sent you a 6-digit code, valid for 30 minutes."),
        "requestNumberLabel": Localized(fr: "Numéro de demande", en: "Request number"),
        "requestStatusTitle": Localized(fr: "Votre demande", en: "Your request"),
        "drawDateLabel": Localized(fr: "Date du tirage", en: "Date of the draw"),
        "requestWaitingText": Localized(
            fr: "Vous recevrez le résultat par courriel après le tirage.",
            en: "You will get the result by email after the draw."),
        "requestAllocatedText": Localized(
            fr: "Le tirage vous a attribué un rendez-vous : la convocation vous a été envoyée par courriel.",
            en: "The draw allocated you an appointment: the convocation was sent to you by email."),
        "drawDocumentLink": Localized(fr: "Document du tirage", en: "The draw's document"),
        "drawVerifiable": Localized(
            fr: "après le tirage, la graine et les demandes y sont publiées pour que chacun puisse le refaire.",
            en: "after the draw, the seed and the requests are published there so anyone can redo it."),
        "withdrawTitle": Localized(fr: "Retirer la demande", en: "Withdraw the request"),
        "withdrawText": Localized(
            fr: "Si vous n'avez plus besoin de rendez-vous, retirez votre demande.",
            en: "If you no longer need an appointment, withdraw your request."),
        "withdrawAction": Localized(fr: "Retirer ma demande", en: "Withdraw my request"),
        "requestLookupTitle": Localized(fr: "Suivre une demande", en: "Follow a request"),
        "requestLookupIntro": Localized(
            fr: "Le numéro et le jeton de gestion figurent dans le courriel de confirmation de votre demande.",
            en: "The number and the manage token are in your request's confirmation email."),
        "tokenLabel": Localized(fr: "Jeton de gestion", en: "Manage token"),
        "requestLookupAction": Localized(fr: "Voir la demande", en: "View the request"),
    ]

    static let urgent: [String: Localized] = [
        "urgentTitle": Localized(fr: "Demande urgente", en: "Urgent request"),
        "chooseProcedureOption": Localized(fr: "Choisissez la démarche", en: "Choose the procedure"),
        "reasonLabel": Localized(fr: "Pourquoi est-ce urgent ?", en: "Why is it urgent?"),
        "reasonHint": Localized(
            fr: "Par exemple : titre expirant le 12 janvier, contrat de travail suspendu sans titre valide.",
            en: "For example: permit expiring on 12 January, employment contract suspended without a valid permit."),
        "attachmentsLegend": Localized(fr: "Pièces jointes", en: "Attachments"),
        "attachmentsHint": Localized(
            fr:
                "Jusqu'à 3 fichiers PDF, JPEG ou PNG de 5 Mo au plus chacun (attestation de l'employeur, titre actuel…).",
            en: "Up to 3 PDF, JPEG or PNG files of at most 5 MB each (employer's attestation, current permit…)."),
        "attachment1": Localized(fr: "Fichier 1", en: "File 1"),
        "attachment2": Localized(fr: "Fichier 2", en: "File 2"),
        "attachment3": Localized(fr: "Fichier 3", en: "File 3"),
        "attachmentsReselect": Localized(
            fr: "Si le formulaire revient avec une erreur, choisissez à nouveau vos fichiers.",
            en: "If the form comes back with an error, choose your files again."),
        "urgentSubmit": Localized(fr: "Envoyer la demande urgente", en: "Send the urgent request"),
        "urgentStatusTitle": Localized(fr: "Votre demande urgente", en: "Your urgent request"),
        "urgentAck": Localized(
            fr:
                "Votre demande est enregistrée. Un agent l'examinera ; la réponse vous sera envoyée par courriel. Gardez le lien de cette page, envoyé aussi par courriel.",
            en:
                "Your request is registered. An agent will look at it; the answer will be sent by email. Keep the link to this page, also sent by email."
        ),
        "urgentNumberLabel": Localized(fr: "Numéro de demande urgente", en: "Urgent request number"),
        "receivedLabel": Localized(fr: "Reçue le", en: "Received on"),
        "urgentAnswerTitle": Localized(fr: "Réponse de la préfecture", en: "The prefecture's answer"),
        "urgentGrantedTitle": Localized(fr: "Votre rendez-vous", en: "Your appointment"),
        "urgentGrantedHint": Localized(
            fr:
                "La convocation vous a été envoyée par courriel : imprimez-la ou gardez-la sur votre téléphone et présentez-la au guichet avec votre pièce d'identité.",
            en:
                "The convocation was sent to you by email: print it or keep it on your phone and show it at the counter with your ID document."
        ),
        "urgentAppointmentStatus": Localized(fr: "État du rendez-vous", en: "Appointment status"),
        "placeLabel": Localized(fr: "Lieu", en: "Place"),
        "powWorking": Localized(
            fr: "Vérification anti-robot en cours, un instant…", en: "Anti-robot check under way, one moment…"),
        "powFailed": Localized(
            fr: "La vérification anti-robot n'a pas abouti. Vérifiez votre connexion et envoyez de nouveau.",
            en: "The anti-robot check did not complete. Check your connection and send again."),
        "powNoScript": Localized(
            fr:
                "Pour envoyer ce formulaire, la page fait une courte vérification anti-robot qui demande JavaScript. Sans JavaScript, l'accueil de la préfecture prend le rendez-vous avec vous.",
            en:
                "To send this form, the page runs a short anti-robot check that needs JavaScript. Without JavaScript, the prefecture's reception books the appointment with you."
        ),
    ]
}
