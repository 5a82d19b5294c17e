import Foundation
import TestSupport
import Testing
import Transcription

/// Sidecar transcripts in every format callsift reads, written by the tests as the tools write them.
@Suite struct SidecarTests {
    /// Writes `text` as `name` in a fresh folder and returns its path.
    static func write(_ name: String, _ text: String, in directory: String? = nil) throws -> String {
        let path = try (directory ?? temporaryDirectory("sidecar")) + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-6 }

    // MARK: Deepgram

    /// `model=nova-2&punctuate=true`, no diarize or utterances; one word lacks `punctuated_word`.
    static let deepgramPlain = """
        {
          "metadata": {
            "transaction_key": "deprecated",
            "request_id": "3b7d5a4e-6f0c-4c1e-9a55-0f1d8c2b7e11",
            "sha256": "5324da68ede209a16ac69a38e8cd29cee4d754434a041166cda3a1f5e0b24566",
            "created": "2024-05-12T18:57:13.426Z",
            "duration": 4.2,
            "channels": 1,
            "models": ["30089e05-99d1-4376-b32e-c263170674af"],
            "model_info": {
              "30089e05-99d1-4376-b32e-c263170674af": {"name": "2-general-nova", "version": "2024-01-09.29447", "arch": "nova-2"}
            }
          },
          "results": {
            "channels": [{
              "alternatives": [{
                "transcript": "Thanks for calling Northwind.",
                "confidence": 0.9951172,
                "words": [
                  {"word": "thanks", "start": 0.24, "end": 0.56, "confidence": 0.99902344, "punctuated_word": "Thanks"},
                  {"word": "for", "start": 0.56, "end": 0.72, "confidence": 0.9980469},
                  {"word": "calling", "start": 0.72, "end": 1.12, "confidence": 0.99609375, "punctuated_word": "calling"},
                  {"word": "northwind", "start": 1.12, "end": 1.76, "confidence": 0.9794922, "punctuated_word": "Northwind."}
                ]
              }]
            }]
          }
        }
        """

    @Test func deepgramWithoutUtterances() throws {
        let result = try SidecarReader.read(path: Self.write("call.deepgram.json", Self.deepgramPlain))
        #expect(result.format == "deepgram")
        #expect(result.words.map(\.word) == ["thanks", "for", "calling", "northwind"])
        #expect(result.words.map(\.punctuatedWord) == ["Thanks", "for", "calling", "Northwind."])
        #expect(result.words[3].start == 1.12 && result.words[3].end == 1.76)
        #expect(result.words[0].confidence == 0.99902344)
        #expect(result.words.allSatisfy { $0.speaker == nil && $0.channel == nil })
        #expect(result.utterances == nil)
        #expect(result.channels == 1)
        #expect(result.durationSeconds == 4.2)
        #expect(result.model == "nova-2")
        #expect(result.language == nil)
    }

    /// `diarize=true&utterances=true&smart_format=true&detect_language=true`.
    static let deepgramDiarized = """
        {
          "metadata": {"request_id": "b1a6d7e0-1c1f-4f7e-8b9a-2f4d6c8e0a13", "duration": 5.0, "channels": 1,
                       "models": ["1abfe86b-e047-4eed-858a-35e5625b41ee"],
                       "model_info": {"1abfe86b-e047-4eed-858a-35e5625b41ee": {"name": "2-general-nova", "version": "2024-01-06.5664", "arch": "nova-2"}}},
          "results": {
            "channels": [{
              "detected_language": "en",
              "language_confidence": 0.99,
              "alternatives": [{
                "transcript": "Hi, this is Alex. Hello.",
                "confidence": 0.99,
                "words": [
                  {"word": "hi", "start": 0.1, "end": 0.3, "confidence": 0.99, "speaker": 0, "speaker_confidence": 0.61, "punctuated_word": "Hi,"},
                  {"word": "this", "start": 0.3, "end": 0.5, "confidence": 0.98, "speaker": 0, "speaker_confidence": 0.61, "punctuated_word": "this"},
                  {"word": "is", "start": 0.5, "end": 0.6, "confidence": 0.99, "speaker": 0, "speaker_confidence": 0.61, "punctuated_word": "is"},
                  {"word": "alex", "start": 0.6, "end": 1.0, "confidence": 0.97, "speaker": 0, "speaker_confidence": 0.61, "punctuated_word": "Alex."},
                  {"word": "hello", "start": 2.0, "end": 2.4, "confidence": 0.95, "speaker": 1, "speaker_confidence": 0.44, "punctuated_word": "Hello."}
                ]
              }]
            }],
            "utterances": [
              {"start": 0.1, "end": 1.0, "confidence": 0.9825, "channel": 0, "transcript": "Hi, this is Alex.", "speaker": 0,
               "id": "5a1f6c0e-3b4d-4e8f-9a0b-1c2d3e4f5a6b",
               "words": [
                 {"word": "hi", "start": 0.1, "end": 0.3, "confidence": 0.99, "speaker": 0, "speaker_confidence": 0.61, "punctuated_word": "Hi,"},
                 {"word": "this", "start": 0.3, "end": 0.5, "confidence": 0.98, "speaker": 0, "speaker_confidence": 0.61, "punctuated_word": "this"},
                 {"word": "is", "start": 0.5, "end": 0.6, "confidence": 0.99, "speaker": 0, "speaker_confidence": 0.61, "punctuated_word": "is"},
                 {"word": "alex", "start": 0.6, "end": 1.0, "confidence": 0.97, "speaker": 0, "speaker_confidence": 0.61, "punctuated_word": "Alex."}
               ]},
              {"start": 2.0, "end": 2.4, "confidence": 0.95, "channel": 0, "transcript": "Hello.", "speaker": 1,
               "id": "6b2e7d1f-4c5e-4f90-8b1c-2d3e4f5a6b7c",
               "words": [
                 {"word": "hello", "start": 2.0, "end": 2.4, "confidence": 0.95, "speaker": 1, "speaker_confidence": 0.44, "punctuated_word": "Hello."}
               ]}
            ]
          }
        }
        """

    @Test func deepgramDiarizedWithUtterances() throws {
        let result = try SidecarReader.read(path: Self.write("call.json", Self.deepgramDiarized))
        #expect(result.format == "deepgram")
        #expect(result.words.map(\.speaker) == [0, 0, 0, 0, 1])
        #expect(result.words.allSatisfy { $0.channel == nil })
        #expect(result.language == "en")
        let utterances = try #require(result.utterances)
        #expect(utterances.map(\.speaker) == [0, 1])
        #expect(utterances.map(\.transcript) == ["Hi, this is Alex.", "Hello."])
        #expect(utterances[0].start == 0.1 && utterances[0].end == 1.0)
        #expect(utterances[0].words.map(\.punctuatedWord) == ["Hi,", "this", "is", "Alex."])
        #expect(utterances.allSatisfy { $0.channel == nil })
        #expect(utterances[1].words[0].speaker == 1)
    }

    /// `multichannel=true&utterances=true`: the rep on the left, the customer on the right.
    static let deepgramMultichannel = """
        {
          "metadata": {"request_id": "c9d8e7f6-0a1b-4c2d-8e3f-4a5b6c7d8e9f", "duration": 3.0, "channels": 2,
                       "models": ["1abfe86b-e047-4eed-858a-35e5625b41ee"],
                       "model_info": {"1abfe86b-e047-4eed-858a-35e5625b41ee": {"name": "2-general-nova", "version": "2024-01-06.5664", "arch": "nova-2"}}},
          "results": {
            "channels": [
              {"alternatives": [{"transcript": "Hello there. Great.", "confidence": 0.98, "words": [
                {"word": "hello", "start": 0.2, "end": 0.5, "confidence": 0.99, "punctuated_word": "Hello"},
                {"word": "there", "start": 0.5, "end": 0.8, "confidence": 0.98, "punctuated_word": "there."},
                {"word": "great", "start": 2.0, "end": 2.3, "confidence": 0.97, "punctuated_word": "Great."}
              ]}]},
              {"alternatives": [{"transcript": "Hi.", "confidence": 0.96, "words": [
                {"word": "hi", "start": 1.0, "end": 1.2, "confidence": 0.96, "punctuated_word": "Hi."}
              ]}]}
            ],
            "utterances": [
              {"start": 0.2, "end": 0.8, "confidence": 0.985, "channel": 0, "transcript": "Hello there.", "id": "a",
               "words": [{"word": "hello", "start": 0.2, "end": 0.5, "confidence": 0.99, "punctuated_word": "Hello"},
                         {"word": "there", "start": 0.5, "end": 0.8, "confidence": 0.98, "punctuated_word": "there."}]},
              {"start": 1.0, "end": 1.2, "confidence": 0.96, "channel": 1, "transcript": "Hi.", "id": "b",
               "words": [{"word": "hi", "start": 1.0, "end": 1.2, "confidence": 0.96, "punctuated_word": "Hi."}]},
              {"start": 2.0, "end": 2.3, "confidence": 0.97, "channel": 0, "transcript": "Great.", "id": "c",
               "words": [{"word": "great", "start": 2.0, "end": 2.3, "confidence": 0.97, "punctuated_word": "Great."}]}
            ]
          }
        }
        """

    @Test func deepgramMultichannelMergesChannelsInTimeOrder() throws {
        let result = try SidecarReader.read(path: Self.write("call.deepgram.json", Self.deepgramMultichannel))
        #expect(result.channels == 2)
        #expect(result.words.map(\.word) == ["hello", "there", "hi", "great"])
        #expect(result.words.map(\.channel) == [0, 0, 1, 0])
        #expect(result.words.allSatisfy { $0.speaker == nil })
        let utterances = try #require(result.utterances)
        #expect(utterances.map(\.channel) == [0, 1, 0])
        #expect(utterances[1].words.map(\.channel) == [1])
    }

    // MARK: whisper family

    /// openai-whisper `--output_format json --word_timestamps True`.
    static let openAIWhisper = """
        {"text": " Hello, this is Alex. How are you today?",
         "segments": [
          {"id": 0, "seek": 0, "start": 0.0, "end": 1.8, "text": " Hello, this is Alex.",
           "tokens": [50364, 2425, 11, 341, 307, 8441, 13, 50454], "temperature": 0.0, "avg_logprob": -0.21,
           "compression_ratio": 0.9, "no_speech_prob": 0.01,
           "words": [{"word": " Hello,", "start": 0.0, "end": 0.42, "probability": 0.91},
                     {"word": " this", "start": 0.42, "end": 0.7, "probability": 0.99},
                     {"word": " is", "start": 0.7, "end": 0.86, "probability": 0.99},
                     {"word": " Alex.", "start": 0.86, "end": 1.8, "probability": 0.87}]},
          {"id": 1, "seek": 0, "start": 2.1, "end": 3.3, "text": " How are you today?",
           "tokens": [50464, 1012, 366, 291, 965, 30, 50524], "temperature": 0.0, "avg_logprob": -0.18,
           "compression_ratio": 0.9, "no_speech_prob": 0.02,
           "words": [{"word": " How", "start": 2.1, "end": 2.3, "probability": 0.98},
                     {"word": " are", "start": 2.3, "end": 2.44, "probability": 0.99},
                     {"word": " you", "start": 2.44, "end": 2.6, "probability": 0.99},
                     {"word": " today?", "start": 2.6, "end": 3.3, "probability": 0.95}]}
         ],
         "language": "en"}
        """

    @Test func openAIWhisperJSON() throws {
        let result = try SidecarReader.read(path: Self.write("call.whisper.json", Self.openAIWhisper))
        #expect(result.format == "whisper")
        #expect(result.language == "en")
        #expect(result.words.map(\.word) == ["hello", "this", "is", "alex", "how", "are", "you", "today"])
        #expect(result.words.map(\.punctuatedWord).prefix(4) == ["Hello,", "this", "is", "Alex."])
        #expect(result.words[0].confidence == 0.91)
        #expect(result.words[7].start == 2.6 && result.words[7].end == 3.3)
        #expect(result.words.allSatisfy { $0.speaker == nil && $0.channel == nil })
        let utterances = try #require(result.utterances)
        #expect(utterances.map(\.transcript) == ["Hello, this is Alex.", "How are you today?"])
        #expect(utterances[1].start == 2.1 && utterances[1].end == 3.3)
        #expect(result.channels == 1)
    }

    /// A faster-whisper dump: `json.dumps([s._asdict() for s in segments])`, the second segment made
    /// without `word_timestamps`.
    static let fasterWhisperArray = """
        [
          {"id": 1, "seek": 0, "start": 0.0, "end": 2.0, "text": " Sure, go ahead.", "tokens": [50365, 4894],
           "avg_logprob": -0.2, "compression_ratio": 0.8, "no_speech_prob": 0.01, "temperature": 0.0,
           "words": [{"start": 0.0, "end": 0.5, "word": " Sure,", "probability": 0.97},
                     {"start": 0.5, "end": 1.0, "word": " go", "probability": 0.96},
                     {"start": 1.0, "end": 2.0, "word": " ahead.", "probability": 0.93}]},
          {"id": 2, "seek": 0, "start": 4.0, "end": 6.0, "text": " Thank you very much.", "tokens": [50565, 1044],
           "avg_logprob": -0.3, "compression_ratio": 0.8, "no_speech_prob": 0.02, "temperature": 0.0, "words": null}
        ]
        """

    @Test func fasterWhisperArrayAndSegmentsWithoutWords() throws {
        let result = try SidecarReader.read(path: Self.write("call.json", Self.fasterWhisperArray))
        #expect(result.format == "whisper")
        #expect(result.words.map(\.word) == ["sure", "go", "ahead", "thank", "you", "very", "much"])
        // "Thank you very much." over 4–6 s by length: 5 + 3 + 4 + 5 = 17 characters.
        let spread = Array(result.words.suffix(4))
        #expect(Self.close(spread[0].start, 4) && Self.close(spread[0].end, 4 + 2 * 5 / 17))
        #expect(Self.close(spread[1].end, 4 + 2 * 8 / 17))
        #expect(Self.close(spread[3].start, 4 + 2 * 12 / 17) && Self.close(spread[3].end, 6))
        #expect(spread[3].punctuatedWord == "much.")
        #expect(spread.allSatisfy { $0.confidence == 1 })
        #expect(result.utterances?.count == 2)
    }

    /// WhisperX after `assign_word_speakers`: "15" and "$40" could not be aligned and have no times.
    static let whisperX = """
        {"segments": [
          {"start": 0.5, "end": 2.5, "text": " It costs 15 dollars.", "speaker": "SPEAKER_01",
           "words": [{"word": "It", "start": 0.5, "end": 0.7, "score": 0.9, "speaker": "SPEAKER_01"},
                     {"word": "costs", "start": 0.7, "end": 1.1, "score": 0.8, "speaker": "SPEAKER_01"},
                     {"word": "15"},
                     {"word": "dollars.", "start": 1.9, "end": 2.5, "score": 0.7, "speaker": "SPEAKER_01"}]},
          {"start": 3.0, "end": 4.0, "text": " Okay, $40", "speaker": "SPEAKER_00",
           "words": [{"word": "Okay,", "start": 3.0, "end": 3.4, "score": 0.95, "speaker": "SPEAKER_00"},
                     {"word": "$40", "speaker": "SPEAKER_00"}]}
         ],
         "word_segments": [
           {"word": "It", "start": 0.5, "end": 0.7, "score": 0.9, "speaker": "SPEAKER_01"},
           {"word": "costs", "start": 0.7, "end": 1.1, "score": 0.8, "speaker": "SPEAKER_01"},
           {"word": "15"},
           {"word": "dollars.", "start": 1.9, "end": 2.5, "score": 0.7, "speaker": "SPEAKER_01"},
           {"word": "Okay,", "start": 3.0, "end": 3.4, "score": 0.95, "speaker": "SPEAKER_00"},
           {"word": "$40", "speaker": "SPEAKER_00"}
         ],
         "language": "en"}
        """

    @Test func whisperXSpeakersAndWordsWithoutTimes() throws {
        let result = try SidecarReader.read(path: Self.write("call.json", Self.whisperX))
        #expect(result.format == "whisperx")
        // SPEAKER_01 speaks first, so it is speaker 0.
        #expect(result.words.map(\.speaker) == [0, 0, 0, 0, 1, 1])
        #expect(result.words.map(\.word) == ["it", "costs", "15", "dollars", "okay", "40"])
        // "15" fills the gap between "costs" and "dollars.".
        #expect(result.words[2].start == 1.1 && result.words[2].end == 1.9)
        // "$40" runs from "Okay," to the segment's end.
        #expect(result.words[5].start == 3.4 && result.words[5].end == 4.0)
        #expect(result.words[5].punctuatedWord == "$40")
        #expect(Self.close(result.words[2].confidence, 0.8))
        #expect(result.words[1].confidence == 0.8)
        let utterances = try #require(result.utterances)
        #expect(utterances.map(\.speaker) == [0, 1])
        #expect(utterances[0].transcript == "It costs 15 dollars.")
        #expect(result.language == "en")
    }

    // MARK: subtitles

    @Test func srtWithBOMCRLFAndSpeakerPrefixes() throws {
        let srt =
            "\u{FEFF}"
                + """
                1
                00:00:01,000 --> 00:00:03,000
                Alex: Hello, this is Alex.

                2
                00:00:03,500 --> 00:00:05,000
                <i>Go on.</i>

                3
                00:00:05,000 --> 00:00:07,000
                [Sam] Who's calling?
                - SPEAKER_00: It's me.

                4
                01:00:00,000 --> 01:00:01,000
                [Music]

                """.replacingOccurrences(of: "\n", with: "\r\n")
        let result = try SidecarReader.read(path: Self.write("call.srt", srt))
        #expect(result.format == "srt")
        #expect(
            result.words.map(\.word) == [
                "hello", "this", "is", "alex", "go", "on", "who's", "calling", "it's", "me", "music",
            ])
        #expect(result.words.map(\.punctuatedWord).prefix(4) == ["Hello,", "this", "is", "Alex."])
        // Alex 0 (also the unnamed cue 2: the last named speaker), Sam 1, SPEAKER_00 2; the last speaker
        // keeps the bracketed sound.
        #expect(result.words.map(\.speaker) == [0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2])
        // "Hello, this is Alex." over 1–3 s: 6 + 4 + 2 + 5 = 17 characters.
        #expect(Self.close(result.words[0].start, 1) && Self.close(result.words[0].end, 1 + 2 * 6 / 17))
        #expect(Self.close(result.words[3].end, 3))
        #expect(Self.close(result.words[10].start, 3600) && Self.close(result.words[10].end, 3601))
        let utterances = try #require(result.utterances)
        #expect(
            utterances.map(\.transcript) == ["Hello, this is Alex.", "Go on.", "Who's calling?", "It's me.", "[Music]"])
        #expect(utterances.map(\.speaker) == [0, 0, 1, 2, 2])
        // The speaker change inside cue 3 cuts its time in two at the word boundary.
        #expect(Self.close(utterances[2].start, 5) && Self.close(utterances[3].end, 7))
        #expect(Self.close(utterances[2].end, utterances[3].start))
    }

    @Test func webVTTWithVoicesNotesAndCueSettings() throws {
        let vtt = """
            WEBVTT
            Kind: captions
            Language: en

            NOTE
            Exported from the dialer.
            Speakers are tagged with voice spans.

            STYLE
            ::cue(.loud) { font-weight: bold }

            intro
            00:01.000 --> 00:03.000 align:start position:10%
            <v Alex Reed>Hi, it's <i>Alex</i> &amp; co.</v>

            00:00:03.000 --> 00:00:05.000 line:0
            <v.loud Jordan>Not <c.yellow>now</c>!
            <v Alex Reed><00:00:04.500>Sorry.

            NOTE a one-line note

            00:05.000 --> 00:06.000
            Okay.
            """
        let result = try SidecarReader.read(path: Self.write("call.vtt", vtt))
        #expect(result.format == "webvtt")
        #expect(result.language == "en")
        // "&" is no word, but stays in the utterance's text.
        #expect(result.words.map(\.punctuatedWord) == ["Hi,", "it's", "Alex", "co.", "Not", "now!", "Sorry.", "Okay."])
        #expect(result.words.map(\.word) == ["hi", "it's", "alex", "co", "not", "now", "sorry", "okay"])
        #expect(result.words.map(\.speaker) == [0, 0, 0, 0, 1, 1, 0, 0])
        let utterances = try #require(result.utterances)
        #expect(utterances.map(\.transcript) == ["Hi, it's Alex & co.", "Not now!", "Sorry.", "Okay."])
        #expect(utterances.map(\.speaker) == [0, 1, 0, 0])
        #expect(Self.close(utterances[0].start, 1) && Self.close(utterances[0].end, 3))
        #expect(Self.close(utterances[3].start, 5) && Self.close(utterances[3].end, 6))
    }

    @Test(arguments: [
        ("empty.srt", ""), ("header.vtt", "WEBVTT\n\nNOTE nothing was said\n"), ("none.json", #"{"segments": []}"#),
        (
            "silent.json",
            #"{"results": {"channels": [{"alternatives": [{"transcript": "", "confidence": 0, "words": []}]}]}}"#
        ),
    ])
    func emptyTranscriptsHaveNoWords(name: String, text: String) throws {
        let result = try SidecarReader.read(path: Self.write(name, text))
        #expect(result.words.isEmpty)
        #expect(result.utterances?.isEmpty ?? true)
    }

    @Test func theFormatComesFromTheContentNotTheName() throws {
        let directory = try temporaryDirectory("sidecar")
        #expect(
            try SidecarReader.read(path: Self.write("a.whisper.json", Self.deepgramPlain, in: directory)).format
                == "deepgram")
        let vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\nHello.\n"
        #expect(try SidecarReader.read(path: Self.write("b.txt", vtt, in: directory)).format == "webvtt")
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n"
        #expect(try SidecarReader.read(path: Self.write("c.json", srt, in: directory)).format == "srt")
        // Cues without the WEBVTT header read as SRT, whose cue syntax WebVTT shares.
        let headless = try SidecarReader.read(
            path: Self.write("d.vtt", "00:01.000 --> 00:02.500\nHello.\n", in: directory))
        #expect(headless.format == "srt" && headless.words.first?.end == 2.5)
    }

    static let deepgramWithoutStart = #"""
        {"results": {"channels": [{"alternatives": [{"transcript": "a b", "confidence": 0.9, "words": [
          {"word": "a", "start": 0.1, "end": 0.2, "confidence": 0.9}, {"word": "b", "end": 0.4, "confidence": 0.9}]}]}]}}
        """#

    @Test(arguments: [
        (
            "bad-time.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03 --> later\nBye.\n",
            "line 6: expected a cue time like 00:00:01,000 --> 00:00:04,000"
        ),
        (
            "no-time.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\nBye.\n",
            "line 5: expected a cue time like 00:00:01,000 --> 00:00:04,000"
        ),
        (
            "backwards.srt", "1\n00:00:05,000 --> 00:00:02,000\nHello.\n",
            "line 2: the cue ends (00:00:02,000) before it starts"
        ),
        ("no-header.vtt", "Kind: captions\n\n00:01.000 --> 00:02.000\nHello.\n", "line 1: expected the WEBVTT header"),
        (
            "bad-time.vtt", "WEBVTT\n\n00:01.000 --> 00:61.000\nHello.\n",
            "line 3: expected a cue time like 00:00:01.000 --> 00:00:04.000"
        ),
        ("truncated.json", #"{"segments": [{"start": 0, "end": 1, "#, "it is not valid JSON"),
        (
            "missing-start.json", deepgramWithoutStart,
            #"results.channels[0].alternatives[0].words[1]: "start" is missing"#
        ),
        ("wrong-type.json", #"{"segments": [{"start": "zero", "end": 1, "text": "hi"}]}"#, "segments[0].start:"),
        ("other.json", #"{"transcript": "hello"}"#, "JSON without results.channels (Deepgram) or segments"),
        ("notes.txt", "Call with Alex about the phone bill.\n", "it is not Deepgram or whisper JSON, SRT or WebVTT"),
        ("empty.txt", "", "the file is empty"),
    ])
    func malformedSidecarsAreInvalid(name: String, text: String, reason: String) throws {
        let path = try Self.write(name, text)
        #expect {
            try SidecarReader.read(path: path)
        } throws: { error in
            guard let error = error as? TranscriptionError, case .invalidSidecar(let at, let why) = error else {
                return false
            }
            return error.code == "invalid_sidecar" && at == path && why.contains(reason)
        }
    }

    @Test func binaryIsNotASidecar() throws {
        let path = try temporaryDirectory("sidecar") + "/call.srt"
        try Data([0xFF, 0xFE, 0x00, 0x81, 0x9F]).write(to: URL(fileURLWithPath: path))
        #expect(
            throws: TranscriptionError.invalidSidecar(
                path: path, reason: "it is not UTF-8 text; callsift reads Deepgram or whisper JSON, SRT and WebVTT")
        ) {
            try SidecarReader.read(path: path)
        }
    }

    @Test func aMissingSidecarIsNotFound() throws {
        let path = try temporaryDirectory("sidecar") + "/nothing.json"
        #expect(throws: TranscriptionError.sidecarNotFound(source: path, looked: [path])) {
            try SidecarReader.read(path: path)
        }
    }

    @Test func candidatesBesideARecording() {
        #expect(
            SidecarReader.candidates(forRecording: "/calls/2024-05-12 rep.mp3") == [
                "/calls/2024-05-12 rep.deepgram.json", "/calls/2024-05-12 rep.json",
                "/calls/2024-05-12 rep.whisper.json",
                "/calls/2024-05-12 rep.srt", "/calls/2024-05-12 rep.vtt",
            ])
        #expect(SidecarReader.candidates(forRecording: "calls.v2/call").first == "calls.v2/call.deepgram.json")
        #expect(SidecarReader.candidates(forRecording: "dir/.call").first == "dir/.call.deepgram.json")
    }

    @Test func findTakesTheFirstCandidateThatExists() throws {
        let directory = try temporaryDirectory("sidecar")
        let recording = directory + "/call.wav"
        let looked = SidecarReader.candidates(forRecording: recording)
        #expect(throws: TranscriptionError.sidecarNotFound(source: recording, looked: looked)) {
            try SidecarReader.find(forRecording: recording)
        }
        // A folder with a candidate's name is no sidecar.
        try FileManager.default.createDirectory(atPath: directory + "/call.json", withIntermediateDirectories: false)
        for candidate in looked.reversed() where candidate != directory + "/call.json" {
            try Data("WEBVTT\n".utf8).write(to: URL(fileURLWithPath: candidate))
            #expect(try SidecarReader.find(forRecording: recording) == candidate)
        }
    }
}
