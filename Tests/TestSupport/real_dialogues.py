#!/usr/bin/env python3
"""Two-voice dialogues of REAL human speech, for measuring diarization (tests only).

    real_dialogues.py OUTDIR

The voices are the recordings Debian's pocketsphinx-testdata ships in
/usr/share/pocketsphinx/test/data: a LibriVox reader (librivox/*.wav, five utterances), the
speaker of the "cards" recordings (cards/*.wav, five short utterances), and the speaker of
goforward.raw, numbers.raw, something.raw and tidigits/dhd.2934z.raw (16 kHz 16-bit raw PCM; one
male voice, by ear and by every speaker embedding tried). Each dialogue alternates the two sides'
utterances with 0.5 s between turns; the second side goes through a phone line (300-3400 Hz,
8 kHz mu-law and back) 4 dB under the first, or both sides do, as on a real phone recording.

Writes OUTDIR/NAME.wav (16 kHz mono) and OUTDIR/NAME.turns.json: [{"speaker", "start", "end"}].
Deterministic; does nothing when the outputs exist.
"""
import json
import os
import subprocess
import sys
import tempfile
import wave

DATA = "/usr/share/pocketsphinx/test/data"
RATE = 16000
GAP = 0.5
LIBRIVOX = [f"{DATA}/librivox/sense_and_sensibility_01_austen_64kb-{n}.wav" for n in ("0870", "0880", "0890", "0920", "0930")]
CARDS = [f"{DATA}/cards/00{n}.wav" for n in range(1, 6)]
DIGITS = [f"{DATA}/goforward.raw", f"{DATA}/numbers.raw", f"{DATA}/something.raw", f"{DATA}/tidigits/dhd.2934z.raw"]

# name: (first side, second side, whether the first side is on the phone too)
DIALOGUES = {
    "reader-cards": (LIBRIVOX, CARDS, False),
    "reader-digits": (LIBRIVOX, DIGITS, False),
    "cards-digits-phone": (CARDS, DIGITS, True),
}


def run(*command):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def prepare(source, target, phone, gain_db):
    """`source` as 16 kHz mono 16-bit WAV at `target`, through a phone line when asked."""
    raw = ["-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1"] if source.endswith(".raw") else []
    steps = ["rate", str(RATE), "channels", "1", "norm", "-20"]
    if phone:
        with tempfile.TemporaryDirectory() as work:
            line = os.path.join(work, "line.wav")
            run("sox", "-R", *raw, source, "-r", "8000", "-e", "mu-law", "-c", "1", line, "sinc", "300-3400", "channels", "1", "norm", "-20")
            run("sox", "-R", line, "-r", str(RATE), "-e", "signed", "-b", "16", target, "gain", str(gain_db))
    else:
        run("sox", "-R", *raw, source, "-r", str(RATE), "-e", "signed", "-b", "16", target, *steps[4:], "gain", str(gain_db))


def frames(path):
    with wave.open(path) as audio:
        return audio.getnframes()


def render(name, first, second, first_on_phone, out):
    target = os.path.join(out, name + ".wav")
    turns_path = os.path.join(out, name + ".turns.json")
    if os.path.exists(target) and os.path.exists(turns_path):
        return
    with tempfile.TemporaryDirectory() as work:
        parts, turns, clock = [], [], 0.0
        silence = os.path.join(work, "gap.wav")
        run("sox", "-R", "-r", str(RATE), "-c", "1", "-b", "16", "-n", silence, "trim", "0", "%ds" % int(GAP * RATE))
        order = []
        for index in range(max(len(first), len(second))):
            if index < len(first):
                order.append(("A", first[index], first_on_phone, 0))
            if index < len(second):
                order.append(("B", second[index], True, -4))
        for number, (speaker, source, phone, gain) in enumerate(order):
            part = os.path.join(work, "%02d.wav" % number)
            prepare(source, part, phone, gain)
            seconds = frames(part) / RATE
            turns.append({"speaker": speaker, "start": round(clock, 3), "end": round(clock + seconds, 3)})
            parts += [part, silence]
            clock += seconds + GAP
        run("sox", "-R", *parts, target + ".partial.wav")
        os.replace(target + ".partial.wav", target)
    with open(turns_path + ".partial", "w") as file:
        json.dump(turns, file, indent=1)
    os.replace(turns_path + ".partial", turns_path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, (first, second, phone) in DIALOGUES.items():
        render(name, first, second, phone, out)


if __name__ == "__main__":
    main()
