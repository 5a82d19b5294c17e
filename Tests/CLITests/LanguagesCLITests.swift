import Foundation
import TestSupport
import Testing

/// Calls in Spanish and German, spoken by espeak-ng's voices of those languages: the multilingual
/// model (`make setup MODELS=base`) hears them in their language, the language asked for reaches
/// the engine, and the built-in detector and analyzer leave them for review instead of reading
/// English word lists into them.
@Suite(.serialized) struct LanguagesCLITests {
    struct Dialogue {
        let language: String
        let lines: [String]
        let recording: String
    }

    static let spanish = [
        "Buenos días, le llamo de la empresa Solaris. ¿Hablo con la señora García?",
        "Sí, soy yo. ¿De qué se trata?",
        "Queremos ofrecerle un plan de energía más barato para su oficina.",
        "Ahora pagamos unos trescientos euros al mes. Es demasiado.",
        "Con nuestro plan pagaría doscientos euros al mes, sin permanencia.",
        "Me interesa. Envíeme el contrato por correo, por favor.",
        "Perfecto, se lo envío hoy mismo. Muchas gracias y hasta luego.",
    ]

    static let german = [
        "Guten Tag, hier spricht Thomas von der Firma Nordlicht. Spreche ich mit Frau Becker?",
        "Ja, am Apparat. Worum geht es?",
        "Wir bieten Ihnen einen günstigeren Stromtarif für Ihr Büro an.",
        "Im Moment zahlen wir etwa dreihundert Euro im Monat. Das ist zu viel.",
        "Mit unserem Tarif zahlen Sie zweihundert Euro im Monat, ohne lange Bindung.",
        "Das klingt gut. Schicken Sie mir bitte den Vertrag.",
        "Sehr gerne, ich schicke ihn heute noch. Vielen Dank und auf Wiederhören.",
    ]

    /// The rep (a male voice of the language) and the customer (a female one) take turns, 0.5 s apart.
    static func dialogue(_ language: String, _ lines: [String], in folder: String) throws -> Dialogue {
        var turns: [String] = []
        for (index, text) in lines.enumerated() {
            let raw = "\(folder)/\(language)-\(index)-raw.wav"
            let turn = "\(folder)/\(language)-\(index).wav"
            let voice = index % 2 == 0 ? "\(language)+m3" : "\(language)+f3"
            try Tool.run(["espeak-ng", "-v", voice, "-s", "150", "-w", raw, text])
            try Tool.run(["sox", raw, "-r", "16000", "-c", "1", "-b", "16", turn, "pad", "0", "0.5"])
            turns.append(turn)
        }
        let recording = "\(folder)/call-\(language).wav"
        try Tool.run(["sox"] + turns + [recording])
        return Dialogue(language: language, lines: lines, recording: recording)
    }

    static let recordings = Result { () throws -> (spanish: Dialogue, german: Dialogue) in
        let folder = try temporaryDirectory("languages")
        return (try dialogue("es", spanish, in: folder), try dialogue("de", german, in: folder))
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// `callsift transcribe` with the multilingual model: the transcript's language and its WER
    /// against the script.
    static func transcribe(_ dialogue: Dialogue, language: String) throws -> (path: String, heard: String, wer: Double)
    {
        let path = "\(try temporaryDirectory("transcript"))/\(dialogue.language).json"
        let run = try CLITests.callsift([
            "transcribe", dialogue.recording, "--model", "base", "--language", language, "-o", path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let transcript = try json(path)
        let text = transcript["text"] as? String ?? ""
        let wer = wordErrorRate(reference: words(dialogue.lines.joined(separator: " ")), hypothesis: words(text))
        print("\(dialogue.language) (asked \(language)): WER \(String(format: "%.1f", wer * 100))%: \(text)")
        return (path, transcript["language"] as? String ?? "", wer)
    }

    @Test func aSpanishCallIsHeardInSpanishAndNotScoredAsEnglish() throws {
        let spanish = try Self.recordings.get().spanish
        let (path, heard, wer) = try Self.transcribe(spanish, language: "auto")
        #expect(heard == "es", "detected by the model")
        #expect(wer <= 0.35, "WER \(wer)")

        let folder = try temporaryDirectory("analyzed")
        let analyze = try CLITests.callsift(["analyze", path, "-o", folder])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        let session = try Self.json("\(folder)/session.json")
        #expect(session["language"] as? String == "es")
        let segments = try #require(session["segments"] as? [[String: Any]])
        #expect(!segments.isEmpty)
        for segment in segments where segment["kind"] as? String != "fragment" {
            #expect(segment["status"] as? String == "needs_review")
            #expect(segment["analysis_id"] is NSNull || segment["analysis_id"] == nil)
            let reason = segment["status_reason"] as? String ?? ""
            #expect(reason.contains("cues for English only") && reason.contains("Spanish (es)"), "\(reason)")
        }
        #expect(session["segments_analyzed"] as? Int == 0)
    }

    @Test func aGermanCallIsTranscribedInTheLanguageItIsGiven() throws {
        let german = try Self.recordings.get().german
        let (_, heard, wer) = try Self.transcribe(german, language: "de")
        #expect(heard == "de")
        #expect(wer <= 0.45, "WER \(wer)")
    }

    /// Per recording: the manifest's model, and each source's `options.language`. An English-only
    /// model given a Spanish recording fails that recording with a reason a person can act on; the
    /// rest of the batch goes on.
    @Test func eachRecordingsLanguageReachesTheEngine() throws {
        let recordings = try Self.recordings.get()
        let root = try temporaryDirectory("languages-run")
        func manifest(_ name: String, model: String?) throws -> String {
            let path = "\(root)/\(name).yaml"
            try """
            output: \(name)
            database: \(name).sqlite
            defaults: {org_id: northwind, rep_id: alex}
            engines:
              transcriber: \(model.map { "{name: whisper, settings: {model: \($0)}}" } ?? "whisper")
            sources:
              - file: \(recordings.spanish.recording)
                options: {language: \(model == nil ? "es" : "auto")}
              - file: \(recordings.german.recording)
                options: {language: de}
            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let multilingual = try CLITests.callsift(["run", try manifest("base", model: "base"), "--log-format", "json"])
        #expect(multilingual.status == 0, "\(multilingual.stderr)")
        let sessions = try FileManager.default.subpathsOfDirectory(atPath: "\(root)/base").filter {
            $0.hasSuffix("/session.json")
        }.map { try Self.json("\(root)/base/\($0)") }
        #expect(Set(sessions.compactMap { $0["language"] as? String }) == ["es", "de"])
        for session in sessions {
            #expect(
                ((session["options"] as? [String: Any])?["language"] as? String).map { ["auto", "de"].contains($0) }
                    == true)
        }

        let english = try CLITests.callsift(["run", try manifest("tiny", model: nil), "--log-format", "json"])
        #expect(english.status == 1, "the Spanish recording fails: \(english.stderr)")
        let lines = try CLITests.jsonLines(english.stdout)
        let failed = lines.filter { $0["event"] as? String == "failed" }
        #expect(failed.count == 2, "tiny.en knows neither Spanish nor German")
        for line in failed {
            #expect(line["code"] as? String == "language_unsupported")
            #expect((line["message"] as? String ?? "").contains("make setup MODELS=base"), "\(line)")
        }
    }
}
