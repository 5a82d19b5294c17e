/// What a person can do about a failed recording, by error code: the report is read by someone
/// who did not run the batch and may not know the codes.
enum FailureAdvice {
    static func text(for code: String) -> String {
        switch code {
        case "corrupt_media", "empty_file":
            "The file is damaged or incomplete. Export or download the recording again, then run `callsift run --retry-failed`."
        case "unsupported_format", "no_audio_stream":
            "This is not audio callsift can decode. Convert it to WAV, MP3 or M4A (e.g. with ffmpeg), then retry."
        case "no_speech":
            "The engine heard no words: check that the right recording (and microphone channel) was captured."
        case "source_unreachable":
            "The URL did not answer. Check that it is reachable and not expired, then retry."
        case "source_not_found", "permission_denied":
            "The file could not be read. Check the path and its permissions, then retry."
        case "transcription_failed":
            "The speech engine failed. Check the worker's message below (or the Deepgram key and quota), then retry."
        case "engine_unavailable":
            "The transcription engine cannot run on this machine: run `make setup` or set DEEPGRAM_API_KEY, then retry."
        case "sidecar_not_found", "invalid_sidecar":
            "The sidecar transcript beside the recording is missing or unreadable: fix it, then retry."
        default:
            "See the error message."
        }
    }
}
