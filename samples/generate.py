#!/usr/bin/env python3
"""Renders callsift's sample recordings from hand-written dialogue, with their ground truth.

    samples/generate.py OUTDIR

scripts/NAME.txt is one conversation: header lines `# kind: sales|internal|voicemail`,
`# customer: NAME`, `# outcome: won|lost|ongoing|no_decision`, then `SPEAKER: text` lines (REP,
CUSTOMER, COLLEAGUE) and `PAUSE: seconds`. The rep always has the same voice (espeak-ng en-us+m3);
each conversation's other party gets its own voice. Every turn is followed by 0.4 s of silence.

workday.txt lays out a rep's day (silences, hold music, conversations back to back). Outputs:

    NAME.{mp3,m4a,...}        each conversation alone, in a few of the formats callsift reads
    NAME-stereo.{wav,flac}    dialer style: the rep on the left channel, the other party on the right
    workday.mp3               the day, mono; workday-stereo.flac, the day, dialer style
    *.truth.json              per recording: conversation spans (kind, customer, outcome) and every
                              turn (speaker, start, end, text), in seconds from the start, computed
                              from the rendered audio's exact lengths

Deterministic: the same scripts and tool versions give the same bytes (sox -R, ffmpeg bitexact; checked
by generating twice and comparing every file). Does nothing when every output is
newer than the scripts, workday.txt and this generator.
"""
import json
import os
import subprocess
import sys
import tempfile
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
RATE = 16000
GAP = 0.4
REP_VOICE = ("en-us+m3", 165)
# Other parties, in order of first use (espeak-ng ignores variants on en-gb: en+f3 is the female voice).
OTHER_VOICES = [("en+f3", 150), ("en-us+m7", 155), ("en+f2", 150), ("en+f4", 145), ("en-us+m7", 140), ("en+f3", 160)]
SINGLES = {
    "discovery-call": [("mp3", ["-c:a", "libmp3lame", "-b:a", "64k", "-ar", "44100"]), ("stereo.wav", ["-c:a", "pcm_s16le", "-ar", "8000"])],
    "renewal-call": [("m4a", ["-c:a", "aac", "-b:a", "48k"]), ("stereo.flac", ["-c:a", "flac"])],
    "competitor-call": [("ogg", ["-c:a", "libvorbis", "-q:a", "3"])],
    "authority-call": [("opus", ["-c:a", "libopus", "-b:a", "32k"])],
    "pricing-call": [("webm", ["-c:a", "libopus", "-b:a", "32k"])],
    "voicemail": [("mp3", ["-c:a", "libmp3lame", "-b:a", "48k"])],
    "internal-chatter": [("ogg", ["-c:a", "libvorbis", "-q:a", "2"])],
}


# Silence from sox's null input. Its format goes before `-n`: otherwise the null input runs at
# 48 kHz and `trim ...s` counts 48 kHz samples.
NULL_INPUT = ("-r", str(RATE), "-c", "1", "-b", "16", "-n")


def run(*command):
    # sox dithers with fresh random numbers unless told -R: every generation's audio would differ.
    if command[0] == "sox":
        command = ("sox", "-R") + command[1:]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def frames(path):
    with wave.open(path) as audio:
        return audio.getnframes()


def read_script(name):
    meta, lines = {"kind": "sales", "customer": None, "outcome": None}, []
    with open(os.path.join(HERE, "scripts", name + ".txt"), encoding="utf-8") as file:
        for raw in file:
            line = raw.strip()
            if line.startswith("#"):
                key, _, value = line[1:].partition(":")
                if key.strip() in meta and value.strip():
                    meta[key.strip()] = value.strip()
            elif line:
                speaker, _, text = line.partition(":")
                lines.append((speaker.strip(), text.strip()))
    return meta, lines


class Track:
    """Two 16 kHz mono tracks being assembled side by side: the rep's (left) and the line's (right)."""

    def __init__(self, work):
        self.work, self.left, self.right, self.samples, self.count = work, [], [], 0, 0

    def _file(self, tag):
        self.count += 1
        return os.path.join(self.work, "%04d-%s.wav" % (self.count, tag))

    def silence(self, seconds):
        path = self._file("silence")
        run("sox", *NULL_INPUT, path, "trim", "0", "%ds" % round(seconds * RATE))
        self.left.append(path)
        self.right.append(path)
        self.samples += frames(path)

    def add(self, path, on_left):
        silence = self._file("pad")
        run("sox", *NULL_INPUT, silence, "trim", "0", "%ds" % frames(path))
        (self.left if on_left else self.right).append(path)
        (self.right if on_left else self.left).append(silence)
        start = self.samples / RATE
        self.samples += frames(path)
        return start

    @property
    def seconds(self):
        return self.samples / RATE

    def write(self, mono, stereo):
        left, right = os.path.join(self.work, "left.wav"), os.path.join(self.work, "right.wav")
        for parts, out in ((self.left, left), (self.right, right)):
            run("sox", *parts, out)
        run("sox", "-m", left, right, mono)
        run("sox", "-M", left, right, stereo)


def speak(track, meta, lines, voice, offset_turns):
    """Adds one conversation to `track`; returns its turns (times from the track's start)."""
    turns = []
    for speaker, text in lines:
        if speaker == "PAUSE":
            track.silence(float(text))
            continue
        name, speed = REP_VOICE if speaker == "REP" else voice
        raw = track._file("raw")
        spoken = track._file("turn")
        run("espeak-ng", "-v", name, "-s", str(speed), "-w", raw, text)
        run("sox", raw, "-r", str(RATE), "-c", "1", "-b", "16", spoken, "pad", "0", str(GAP))
        start = track.add(spoken, on_left=speaker == "REP")
        end = start + frames(spoken) / RATE - GAP
        turns.append({"speaker": speaker.lower(), "start": round(start, 3), "end": round(end, 3), "text": text})
    return turns


def conversation(meta, name, turns):
    sales = meta["kind"] == "sales"
    return {
        "script": name, "kind": meta["kind"], "is_sales_conversation": sales,
        "customer_name": meta["customer"], "outcome": meta["outcome"] if sales else None,
        "start_seconds": turns[0]["start"], "end_seconds": turns[-1]["end"],
    }


def save_truth(path, recording, seconds, conversations, turns):
    truth = {
        "recording": recording, "duration_seconds": round(seconds, 3), "rep": {"name": "Alex", "company": "Northwind Telecom"},
        "conversations": conversations, "turns": turns,
    }
    with open(path + ".partial", "w", encoding="utf-8") as file:
        json.dump(truth, file, indent=1, ensure_ascii=False)
        file.write("\n")
    os.replace(path + ".partial", path)


def encode(source, target, options):
    run("ffmpeg", "-v", "error", "-y", "-i", source, "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
        *options, "-f", FORMATS[target.rsplit(".", 1)[1]], target + ".partial")
    os.replace(target + ".partial", target)


FORMATS = {"mp3": "mp3", "wav": "wav", "m4a": "ipod", "flac": "flac", "ogg": "ogg", "opus": "opus", "webm": "webm"}


def hold_music(work, seconds, path):
    chords = []
    for index, notes in enumerate([("262", "330", "392"), ("294", "349", "440"), ("330", "392", "494"), ("262", "330", "392")]):
        chord = os.path.join(work, "chord-%d.wav" % index)
        run("sox", *NULL_INPUT, chord, "synth", "0.5", "sine", notes[0],
            "synth", "0.5", "sine", "mix", notes[1], "synth", "0.5", "sine", "mix", notes[2])
        chords.append(chord)
    bar = os.path.join(work, "bar.wav")
    run("sox", *chords, bar)
    run("sox", bar, path, "repeat", str(int(seconds / 2)), "tremolo", "4", "20", "vol", "0.3", "trim", "0", str(seconds))


def outputs():
    names = []
    for name, formats in SINGLES.items():
        for suffix, _ in formats:
            names.append(name + ("-" + suffix if suffix.startswith("stereo") else "." + suffix))
    return names + ["workday.mp3", "workday-stereo.flac"]


def fresh(out):
    sources = [os.path.join(HERE, "scripts", f) for f in os.listdir(os.path.join(HERE, "scripts"))]
    sources += [os.path.join(HERE, "workday.txt"), os.path.abspath(__file__)]
    newest = max(os.path.getmtime(path) for path in sources)
    targets = [os.path.join(out, name) for name in outputs()]
    targets += [os.path.join(out, name.rsplit(".", 1)[0] + ".truth.json") for name in outputs()]
    return all(os.path.exists(path) and os.path.getmtime(path) > newest for path in targets)


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "out"))
    os.makedirs(out, exist_ok=True)
    if fresh(out):
        return
    voices = {}
    with tempfile.TemporaryDirectory() as work:
        for name, formats in SINGLES.items():
            meta, lines = read_script(name)
            voice = voices.setdefault(name, OTHER_VOICES[len(voices) % len(OTHER_VOICES)])
            track = Track(os.path.join(work, name))
            os.makedirs(track.work)
            turns = speak(track, meta, lines, voice, 0)
            track.silence(GAP)
            mono, stereo = os.path.join(track.work, "mono.wav"), os.path.join(track.work, "stereo.wav")
            track.write(mono, stereo)
            for suffix, options in formats:
                stereo_output = suffix.startswith("stereo")
                target = name + ("-" + suffix if stereo_output else "." + suffix)
                encode(stereo if stereo_output else mono, os.path.join(out, target), options)
                save_truth(os.path.join(out, target.rsplit(".", 1)[0] + ".truth.json"), target, track.seconds,
                           [conversation(meta, name, turns)], turns)

        day = Track(os.path.join(work, "workday"))
        os.makedirs(day.work)
        conversations, turns = [], []
        with open(os.path.join(HERE, "workday.txt"), encoding="utf-8") as plan:
            for raw in plan:
                line = raw.split("#")[0].strip()
                if not line:
                    continue
                what, argument = line.split()
                if what == "silence":
                    day.silence(float(argument))
                elif what == "music":
                    music = os.path.join(day.work, "music-%d.wav" % len(turns))
                    hold_music(day.work, float(argument), music)
                    day.add(music, on_left=False)
                elif what == "call":
                    meta, lines = read_script(argument)
                    voice = voices.setdefault(argument, OTHER_VOICES[len(voices) % len(OTHER_VOICES)])
                    spoken = speak(day, meta, lines, voice, len(turns))
                    conversations.append(conversation(meta, argument, spoken))
                    turns += spoken
                else:
                    raise SystemExit("workday.txt: unknown item %r" % what)
        mono, stereo = os.path.join(day.work, "mono.wav"), os.path.join(day.work, "stereo.wav")
        day.write(mono, stereo)
        encode(mono, os.path.join(out, "workday.mp3"), ["-c:a", "libmp3lame", "-b:a", "48k"])
        encode(stereo, os.path.join(out, "workday-stereo.flac"), ["-c:a", "flac"])
        for recording in ("workday.mp3", "workday-stereo.flac"):
            save_truth(os.path.join(out, recording.rsplit(".", 1)[0] + ".truth.json"), recording, day.seconds, conversations, turns)
    print("samples: wrote %d recordings with their truth to %s" % (len(outputs()), out))


if __name__ == "__main__":
    main()
