#!/usr/bin/env python3
"""Renders callsift's HELD-OUT evaluation recordings, with their ground truth.

    python3 heldout/generate.py OUTDIR

This set is written independently of callsift's code, cues and sample dialogues; see README.md.
Nothing in callsift may be tuned on it. Python 3 stdlib only; runs espeak-ng (with the mbrola
voices mb-us1, mb-us2, mb-en1), sox and ffmpeg as subprocesses.

Inputs (all under heldout/)
---------------------------
voices.txt
    One speaker voice a line: `ID  ESPEAK-VOICE  SPEED  PITCH  LEVEL_DB`. SPEED and PITCH are
    espeak-ng's -s and -p. LEVEL_DB is the speaker's loudness relative to the rep: every turn is
    brought to an RMS of -21 dBFS + LEVEL_DB (+- 0.75 dB of seeded per-turn jitter; peaks are kept
    under -0.5 dBFS). A speaker on a phone line is measured through a 300-3400 Hz filter, so the
    level is what the line lets through. Reps use 0; customers on a phone line -3.5..-7.

scripts/NAME.txt
    One conversation. Header lines:
        # kind: sales | internal | voicemail
        # customer: FIRST-NAME | none     first name of the customer as said in the call (for a
                                          voicemail, the person the message is for)
        # outcome: won | lost | ongoing | no_decision      (sales only)
        # voice ROLE: VOICE-ID            one per non-rep role used in the script
        # note: free text                 ignored
    then one line per event:
        ROLE: text       a turn. ROLE is REP (the recording's rep, voice from the recording file),
                         COLLEAGUE (truth speaker "colleague") or anything else, e.g. CUSTOMER,
                         GATEKEEPER (truth speaker "customer"; each role has its own voice)
        PAUSE: SECONDS   extra silence after the previous turn (replaces the random gap)
        HOLD: SECONDS    hold music on the line (far side)
        RING: COUNT      COUNT ringback cycles on the line (far side)
        BEEP: SECONDS    a voicemail beep on the line (far side)
    A conversation's truth span runs from its first turn's start to its last turn's end.

recordings/NAME.txt
    One output recording. Header lines (`key value`):
        output FILE.EXT        the recording's file name in OUTDIR (truth: FILE.truth.json)
        codec C                mp3-64k-16k | mp3-64k-44k | mulaw-8k | aac-m4a | opus
        layout mono|stereo     stereo: rep (and in-room colleagues) left, the line right
        line phone|voip        phone: the far side is band-limited 300-3400 Hz, through 8 kHz
                               mu-law, with hiss and mains hum under it while a line is open;
                               voip: wideband far side with faint hiss only
        locale us|uk           ringback cadence and hum frequency (60 Hz / 50 Hz)
        rep NAME | COMPANY | VOICE-ID
        colleague_side near|far   in-room colleague (near, rep's mic) or on the phone (far)
        seed N                 seeds the gaps, overlaps, level jitter and noise
    then the timeline, in order:
        silence SECONDS        nothing on either side (room tone only)
        ring COUNT             ringback on the line, no conversation (an unanswered dial)
        music SECONDS          hold music on the line, no conversation
        call SCRIPT            a conversation from scripts/SCRIPT.txt
    Between turns of a conversation the gap is seeded-random, 0.15-1.2 s; when the speaker
    changes, about one turn in nine starts 0.1-0.3 s before the previous turn ends (overlap).

Outputs: OUTDIR/FILE.EXT and OUTDIR/FILE.truth.json for every recordings/*.txt. Truth times are
computed from the rendered 16 kHz sample counts (before encoding). Deterministic: fixed seeds,
sox -R, ffmpeg bitexact; the same inputs and tool versions give the same files. Does nothing
when every output is newer than every input (this file, voices.txt, scripts/, recordings/).
Every output is written to a temporary name and renamed into place.
"""
import array
import concurrent.futures
import functools
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
RATE = 16000
REP_RMS_DB = -21.0
PEAK_CEILING_DB = -0.5
GAP_RANGE = (0.15, 1.2)
OVERLAP_CHANCE = 1 / 9
OVERLAP_RANGE = (0.1, 0.3)

CODECS = {
    "mp3-64k-16k": ("mp3", ["-c:a", "libmp3lame", "-b:a", "64k", "-ar", "16000"]),
    "mp3-64k-44k": ("mp3", ["-c:a", "libmp3lame", "-b:a", "64k", "-ar", "44100"]),
    "mulaw-8k": ("wav", ["-c:a", "pcm_mulaw", "-ar", "8000"]),
    "aac-m4a": ("ipod", ["-c:a", "aac", "-b:a", "64k", "-ar", "16000"]),
    "opus": ("opus", ["-c:a", "libopus", "-b:a", "24k"]),
}
KINDS = ("sales", "internal", "voicemail")
OUTCOMES = ("won", "lost", "ongoing", "no_decision")


def run(*command):
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise SystemExit("heldout: %s failed:\n%s" % (" ".join(command[:3]), result.stderr))
    return result


# ---------------------------------------------------------------- inputs

def read_voices():
    voices = {}
    with open(os.path.join(HERE, "voices.txt"), encoding="utf-8") as file:
        for raw in file:
            line = raw.split("#")[0].strip()
            if line:
                ident, voice, speed, pitch, level = line.split()
                voices[ident] = {"voice": voice, "speed": int(speed), "pitch": int(pitch), "level": float(level)}
    return voices


def read_script(name):
    meta = {"kind": None, "customer": None, "outcome": None, "voices": {}}
    events = []
    with open(os.path.join(HERE, "scripts", name + ".txt"), encoding="utf-8") as file:
        for number, raw in enumerate(file, 1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                key, _, value = line[1:].partition(":")
                key, value = key.strip(), value.strip()
                if key.startswith("voice "):
                    meta["voices"][key[len("voice "):].strip().upper()] = value
                elif key in ("kind", "customer", "outcome"):
                    meta[key] = None if value.lower() in ("", "none", "null") else value
                continue
            role, _, text = line.partition(":")
            role, text = role.strip().upper(), text.strip()
            if role in ("PAUSE", "HOLD", "RING", "BEEP"):
                events.append((role, float(text)))
            elif role and text:
                events.append(("TURN", role, text))
            else:
                raise SystemExit("heldout: scripts/%s.txt:%d: cannot read %r" % (name, number, line))
    if meta["kind"] not in KINDS:
        raise SystemExit("heldout: scripts/%s.txt: bad kind %r" % (name, meta["kind"]))
    if (meta["kind"] == "sales") != (meta["outcome"] in OUTCOMES):
        raise SystemExit("heldout: scripts/%s.txt: outcome %r does not fit kind %r" % (name, meta["outcome"], meta["kind"]))
    return meta, events


def read_recording(path):
    spec = {"layout": "mono", "line": "phone", "locale": "us", "colleague_side": "near", "seed": 0, "timeline": []}
    with open(path, encoding="utf-8") as file:
        for raw in file:
            line = raw.split("#")[0].strip()
            if not line:
                continue
            key, _, value = line.partition(" ")
            value = value.strip()
            if key == "rep":
                name, company, voice = [part.strip() for part in value.split("|")]
                spec["rep"] = {"name": name, "company": company, "voice": voice}
            elif key in ("output", "codec", "layout", "line", "locale", "colleague_side"):
                spec[key] = value
            elif key == "seed":
                spec["seed"] = int(value)
            elif key in ("silence", "music", "ring"):
                spec["timeline"].append((key, float(value)))
            elif key == "call":
                spec["timeline"].append((key, value))
            else:
                raise SystemExit("heldout: %s: unknown line %r" % (path, line))
    if spec.get("codec") not in CODECS or "output" not in spec or "rep" not in spec:
        raise SystemExit("heldout: %s: needs output, a known codec and rep" % path)
    return spec


def recording_files():
    folder = os.path.join(HERE, "recordings")
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder)) if name.endswith(".txt")]


def input_files():
    files = [os.path.abspath(__file__), os.path.join(HERE, "voices.txt")] + recording_files()
    scripts = os.path.join(HERE, "scripts")
    files += [os.path.join(scripts, name) for name in sorted(os.listdir(scripts)) if name.endswith(".txt")]
    return files


def truth_name(output):
    return output.rsplit(".", 1)[0] + ".truth.json"


def fresh(out, specs):
    newest = max(os.path.getmtime(path) for path in input_files())
    targets = []
    for spec in specs:
        targets += [os.path.join(out, spec["output"]), os.path.join(out, truth_name(spec["output"]))]
    return all(os.path.exists(path) and os.path.getmtime(path) > newest for path in targets)


# ---------------------------------------------------------------- audio helpers

def read_wav(path):
    with wave.open(path) as audio:
        assert audio.getframerate() == RATE and audio.getnchannels() == 1 and audio.getsampwidth() == 2, path
        return audio.readframes(audio.getnframes())


def write_wav(path, data):
    with wave.open(path, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(RATE)
        audio.writeframes(bytes(data))


def to_bytes(samples):
    return array.array("h", [max(-32768, min(32767, int(round(value)))) for value in samples]).tobytes()


def trim_silence(data, threshold=40, margin=160):
    """Drops the synthesizer's leading and trailing near-silence, keeping `margin` samples."""
    samples = array.array("h")
    samples.frombytes(data)
    first = 0
    while first < len(samples) and abs(samples[first]) < threshold:
        first += 1
    last = len(samples) - 1
    while last > first and abs(samples[last]) < threshold:
        last -= 1
    first, last = max(0, first - margin), min(len(samples), last + 1 + margin)
    return samples[first:last].tobytes()


class Track:
    """A 16 kHz mono 16-bit track built by placing clips at sample offsets (no overlaps allowed)."""

    def __init__(self):
        self.data = bytearray()

    def place(self, offset, clip):
        start, end = offset * 2, offset * 2 + len(clip)
        if len(self.data) < end:
            self.data.extend(bytes(end - len(self.data)))
        if any(self.data[start:end]):
            raise SystemExit("heldout: two clips overlap on one side of the recording at %.3f s" % (offset / RATE))
        self.data[start:end] = clip

    def extend_to(self, samples):
        if len(self.data) < samples * 2:
            self.data.extend(bytes(samples * 2 - len(self.data)))


def tiled(buffer, offset, count):
    """`count` samples of the looped `buffer` (bytes), starting at absolute sample `offset`."""
    length = len(buffer) // 2
    start = (offset % length) * 2
    repeats = (start + count * 2) // len(buffer) + 1
    return (buffer * repeats)[start:start + count * 2]


def noise_buffer(rng, seconds, rms_db, smooth=0.0):
    """Seeded Gaussian noise; `smooth` > 0 low-passes it (one pole) for a duller room tone."""
    count = int(seconds * RATE)
    values, last = [], 0.0
    for _ in range(count):
        last = smooth * last + (1 - smooth) * rng.gauss(0, 1)
        values.append(last)
    rms = math.sqrt(sum(v * v for v in values) / count)
    scale = 32768 * 10 ** (rms_db / 20) / rms
    return to_bytes(v * scale for v in values)


def hum_buffer(mains, rms_db):
    """A whole number of mains periods of hum: the fundamental and odd harmonics."""
    count = RATE // math.gcd(RATE, mains)  # the shortest whole number of periods (60 Hz: 3 in 800)
    partials = [(1, 1.0), (3, 0.6), (5, 0.35), (7, 0.2)]
    values = [sum(weight * math.sin(2 * math.pi * mains * k * n / RATE) for k, weight in partials) for n in range(count)]
    rms = math.sqrt(sum(v * v for v in values) / count)
    scale = 32768 * 10 ** (rms_db / 20) / rms
    return to_bytes(v * scale for v in values)


def tone(frequencies, seconds, level_db, fade=0.01):
    count = int(round(seconds * RATE))
    amplitude = 32768 * 10 ** (level_db / 20) / len(frequencies)
    ramp = int(fade * RATE)
    out = []
    for n in range(count):
        envelope = min(1.0, n / ramp, (count - 1 - n) / ramp) if ramp else 1.0
        out.append(amplitude * envelope * sum(math.sin(2 * math.pi * f * n / RATE) for f in frequencies))
    return to_bytes(out)


@functools.lru_cache(maxsize=None)
def ringback(locale, cycles):
    """Ringback as the caller hears it: US 440+480 Hz 2 s on 4 s off; UK 400+450 Hz double ring."""
    silence = lambda seconds: bytes(int(round(seconds * RATE)) * 2)
    if locale == "uk":
        burst = tone((400, 450), 0.4, -16)
        cycle = burst + silence(0.2) + burst + silence(2.0)
    else:
        cycle = tone((440, 480), 2.0, -16) + silence(4.0)
    return cycle * int(cycles)


@functools.lru_cache(maxsize=None)
def music_loop(seed):
    """16 s of soft plucked arpeggio over slow bass notes (seeded note choices); hold music loops it."""
    rng = random.Random(seed)
    step = RATE // 4  # a note every 0.25 s, 64 notes
    count = 64 * step
    out = [0.0] * (count + RATE)  # room for the last notes to ring out, folded back onto the start
    scale = [0, 2, 4, 7, 9, 12, 14, 16]
    roots = [57, 53, 60, 55]  # A3 F3 C4 G3 (MIDI)
    pluck = [math.exp(-5 * n / RATE) for n in range(int(0.6 * RATE))]
    swell = [min(1, n / RATE * 20) * math.exp(-0.6 * n / RATE) for n in range(16 * step)]
    for index in range(64):
        position, root = index * step, roots[index // 16]
        freq = 440 * 2 ** ((root + 12 + rng.choice(scale) - 69) / 12)
        w = 2 * math.pi * freq / RATE
        for n, envelope in enumerate(pluck):
            out[position + n] += 0.22 * envelope * (math.sin(w * n) + 0.3 * math.sin(2 * w * n))
        if index % 16 == 0:
            w = 2 * math.pi * 440 * 2 ** ((root - 12 - 69) / 12) / RATE
            for n, envelope in enumerate(swell):
                out[position + n] += 0.18 * envelope * math.sin(w * n)
    for n in range(count, len(out)):
        out[n - count] += out[n]
    return to_bytes(v * 32768 * 0.5 for v in out[:count])


def hold_music(seconds, seed):
    """Hold music: the seeded loop, repeated to `seconds`, with short fades at both ends."""
    count = int(round(seconds * RATE))
    data = array.array("h")
    data.frombytes(tiled(music_loop(seed), 0, count))
    fade = min(int(0.05 * RATE), count // 2)
    for n in range(fade):
        data[n] = int(data[n] * n / fade)
        data[count - 1 - n] = int(data[count - 1 - n] * n / fade)
    return data.tobytes()


# ---------------------------------------------------------------- speech

def synthesize(job):
    """Renders one turn: espeak-ng, 16 kHz, brought to its RMS target; returns trimmed PCM bytes."""
    work, index, voice, text, target_db, band = job
    raw = os.path.join(work, "turn-%04d-raw.wav" % index)
    mid = os.path.join(work, "turn-%04d-mid.wav" % index)
    final = os.path.join(work, "turn-%04d.wav" % index)
    run("espeak-ng", "-v", voice["voice"], "-s", str(voice["speed"]), "-p", str(voice["pitch"]), "-w", raw, text)
    stats = run("sox", "-R", "-D", raw, "-r", str(RATE), "-c", "1", "-b", "16", mid, "stats").stderr
    rms = float(re.search(r"RMS lev dB\s+(-?[\d.]+)", stats).group(1))
    peak = float(re.search(r"Pk lev dB\s+(-?[\d.]+)", stats).group(1))
    if band:  # a speaker on a phone line is levelled on what the line lets through
        stats = run("sox", "-R", "-D", mid, "-n", "sinc", "300-3400", "stats").stderr
        rms = float(re.search(r"RMS lev dB\s+(-?[\d.]+)", stats).group(1))
    gain = min(target_db - rms, PEAK_CEILING_DB - peak)
    run("sox", "-R", "-D", mid, final, "vol", "%.3fdB" % gain)
    return trim_silence(read_wav(final))


def side_of(spec, role):
    """near: on the rep's microphone; far: on the phone line."""
    if role == "REP":
        return "near"
    if role == "COLLEAGUE" and spec["layout"] == "mono":
        return spec["colleague_side"]
    return "far"


def render_recording(spec, voices, out, work, pool):
    rng = random.Random(spec["seed"])
    rep = spec["rep"]
    near, far = Track(), Track()
    line_spans = []  # sample ranges where a phone line is open (noise under the far side)
    conversations, turns = [], []
    cursor = 0  # samples
    music_seed = spec["seed"] * 1000

    def secs(samples):
        return samples / RATE

    # Render every turn of every call first (in parallel), then lay them out in order.
    scripts = {}
    jobs = []
    for what, argument in spec["timeline"]:
        if what == "call" and argument not in scripts:
            scripts[argument] = read_script(argument)
    for what, argument in spec["timeline"]:
        if what != "call":
            continue
        meta, events = scripts[argument]
        for event in events:
            if event[0] != "TURN":
                continue
            role, text = event[1], event[2]
            if role == "REP":
                voice_id = rep["voice"]
            elif role in meta["voices"]:
                voice_id = meta["voices"][role]
            else:
                raise SystemExit("heldout: scripts/%s.txt: no voice for role %s" % (argument, role))
            voice = voices[voice_id]
            jitter = rng.uniform(-0.75, 0.75)
            band = spec["line"] == "phone" and side_of(spec, role) == "far"
            jobs.append((work, len(jobs), voice, text, REP_RMS_DB + voice["level"] + jitter, band))
    audio = list(pool.map(synthesize, jobs))
    job_index = 0

    for what, argument in spec["timeline"]:
        if what == "silence":
            cursor += int(round(argument * RATE))
        elif what == "ring":
            clip = ringback(spec["locale"], argument)
            far.place(cursor, clip)
            line_spans.append((cursor, cursor + len(clip) // 2))
            cursor += len(clip) // 2
        elif what == "music":
            music_seed += 1
            clip = hold_music(argument, music_seed)
            far.place(cursor, clip)
            line_spans.append((cursor, cursor + len(clip) // 2))
            cursor += len(clip) // 2
        elif what == "call":
            meta, events = scripts[argument]
            span_start = cursor
            call_turns = []
            previous = None  # (role side, start, end) of the previous turn, samples
            pending_pause = None
            for event in events:
                if event[0] == "PAUSE":
                    pending_pause = event[1]
                    continue
                if event[0] in ("HOLD", "RING", "BEEP"):
                    gap = pending_pause if pending_pause is not None else rng.uniform(0.3, 0.8)
                    pending_pause = None
                    if previous is not None:
                        cursor = max(cursor, previous[2]) + int(round(gap * RATE))
                    if event[0] == "HOLD":
                        music_seed += 1
                        clip = hold_music(event[1], music_seed)
                    elif event[0] == "RING":
                        clip = ringback(spec["locale"], event[1])
                    else:
                        clip = tone((1000,), event[1], -14)
                    far.place(cursor, clip)
                    cursor += len(clip) // 2
                    previous = ("far", cursor, cursor)
                    continue
                role, text = event[1], event[2]
                clip = audio[job_index]
                job_index += 1
                speaker = {"REP": "rep", "COLLEAGUE": "colleague"}.get(role, "customer")
                side = side_of(spec, role)
                voice_id = rep["voice"] if role == "REP" else meta["voices"][role]
                if previous is None:
                    start = cursor
                else:
                    if pending_pause is not None:
                        gap = pending_pause
                    else:
                        gap = rng.uniform(*GAP_RANGE) if rng.random() < 0.35 else rng.uniform(0.2, 0.65)
                        long_enough = previous[2] - previous[1] > 1.5 * RATE and len(clip) // 2 > 1.0 * RATE
                        if previous[0] != side and long_enough and rng.random() < OVERLAP_CHANCE:
                            gap = -rng.uniform(*OVERLAP_RANGE)
                    start = previous[2] + int(round(gap * RATE))
                pending_pause = None
                (near if side == "near" else far).place(start, clip)
                end = start + len(clip) // 2
                call_turns.append({"speaker": speaker, "start": round(secs(start), 3), "end": round(secs(end), 3),
                                   "text": text, "voice": voice_id})
                previous = (side, start, end)
                cursor = max(cursor, end)
            if not call_turns:
                raise SystemExit("heldout: scripts/%s.txt has no turns" % argument)
            sales = meta["kind"] == "sales"
            conversations.append({
                "script": argument, "kind": meta["kind"], "is_sales_conversation": sales,
                "customer_name": meta["customer"] if meta["kind"] != "internal" else None,
                "outcome": meta["outcome"] if sales else None,
                "start_seconds": call_turns[0]["start"], "end_seconds": max(t["end"] for t in call_turns),
            })
            turns += call_turns
            on_phone = meta["kind"] != "internal" or spec["colleague_side"] == "far" or spec["layout"] == "stereo"
            if on_phone:
                line_spans.append((max(0, span_start - int(0.4 * RATE)), cursor + int(0.3 * RATE)))
        else:
            raise SystemExit("heldout: unknown timeline item %r" % what)
    assert job_index == len(audio)

    total = cursor + int(round(0.5 * RATE))
    near.extend_to(total)
    far.extend_to(total)

    # Noise beds, all seeded.
    noise_rng = random.Random(spec["seed"] * 7919 + 1)
    room = noise_buffer(noise_rng, 3.1, -62, smooth=0.6)
    room_track = bytearray(tiled(room, 0, total))
    hiss = noise_buffer(noise_rng, 2.3, -47 if spec["line"] == "phone" else -58)
    hum = hum_buffer(60 if spec["locale"] == "us" else 50, -54)
    hiss_track, hum_track = bytearray(total * 2), bytearray(total * 2)
    for start, end in line_spans:
        end = min(end, total)
        hiss_track[start * 2:end * 2] = tiled(hiss, start, end - start)
        if spec["line"] == "phone":
            hum_track[start * 2:end * 2] = tiled(hum, start, end - start)

    paths = {name: os.path.join(work, name + ".wav") for name in ("near", "far", "room", "hiss", "hum", "near2", "far8", "far16", "far2", "mix")}
    write_wav(paths["near"], near.data)
    write_wav(paths["far"], far.data)
    write_wav(paths["room"], room_track)
    write_wav(paths["hiss"], hiss_track)
    write_wav(paths["hum"], hum_track)
    run("sox", "-R", "-D", "-m", "-v", "1", paths["near"], "-v", "1", paths["room"], paths["near2"])
    if spec["line"] == "phone":
        # The line: speech + hiss, band-limited 300-3400 Hz, down to 8 kHz mu-law and back, then hum.
        run("sox", "-R", "-D", "-m", "-v", "1", paths["far"], "-v", "1", paths["hiss"],
            "-r", "8000", "-e", "u-law", "-b", "8", paths["far8"], "sinc", "300-3400")
        run("sox", "-R", "-D", paths["far8"], "-r", str(RATE), "-e", "signed", "-b", "16", paths["far16"])
        run("sox", "-R", "-D", "-m", "-v", "1", paths["far16"], "-v", "1", paths["hum"], paths["far2"])
    else:
        run("sox", "-R", "-D", "-m", "-v", "1", paths["far"], "-v", "1", paths["hiss"], paths["far2"], "sinc", "60-7400")
    # Exact lengths: resampling may leave a sample or two either way.
    for key in ("near2", "far2"):
        data = read_wav(paths[key])[:total * 2]
        write_wav(paths[key], data + bytes(total * 2 - len(data)))
    if spec["layout"] == "stereo":
        run("sox", "-R", "-D", "-M", paths["near2"], paths["far2"], paths["mix"])
    else:
        run("sox", "-R", "-D", "-m", "-v", "1", paths["near2"], "-v", "1", paths["far2"], paths["mix"])

    muxer, options = CODECS[spec["codec"]]
    target = os.path.join(out, spec["output"])
    partial = os.path.join(out, "." + spec["output"] + ".partial")
    run("ffmpeg", "-v", "error", "-y", "-i", paths["mix"], "-map_metadata", "-1", "-fflags", "+bitexact",
        "-flags:a", "+bitexact", *options, "-f", muxer, partial)
    os.replace(partial, target)

    turns.sort(key=lambda turn: (turn["start"], turn["end"]))
    truth = {
        "recording": spec["output"], "duration_seconds": round(secs(total), 3),
        "rep": {"name": rep["name"], "company": rep["company"]},
        "conversations": conversations, "turns": turns,
    }
    truth_path = os.path.join(out, truth_name(spec["output"]))
    with open(truth_path + ".partial", "w", encoding="utf-8") as file:
        json.dump(truth, file, indent=1, ensure_ascii=False)
        file.write("\n")
    os.replace(truth_path + ".partial", truth_path)
    return secs(total), len(conversations)


def preflight(names):
    """Fails early, with a hint, when a tool or an espeak-ng / mbrola voice is missing."""
    for tool in ("espeak-ng", "sox", "ffmpeg"):
        if not shutil.which(tool):
            raise SystemExit("heldout: %s is not installed (Debian: apt-get install -y espeak-ng sox ffmpeg)" % tool)
    with tempfile.TemporaryDirectory() as work:
        for name in names:
            path = os.path.join(work, "probe.wav")
            result = subprocess.run(["espeak-ng", "-v", name, "-w", path, "test"], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            if result.returncode != 0 or "does not exist" in result.stderr or not os.path.exists(path) \
                    or os.path.getsize(path) < 1000:
                hint = ""
                if name.startswith("mb-"):
                    hint = (" (mbrola voices: Debian contrib/non-free packages mbrola mbrola-us1 mbrola-us2 "
                            "mbrola-en1)")
                raise SystemExit("heldout: espeak-ng cannot speak with voice %s%s:\n%s" % (name, hint, result.stderr))


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.split("\n\n")[1])
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    voices = read_voices()
    specs = [read_recording(path) for path in recording_files()]
    if fresh(out, specs):
        return
    used = set()
    for spec in specs:
        ids = [spec["rep"]["voice"]]
        for what, argument in spec["timeline"]:
            if what == "call":
                ids += list(read_script(argument)[0]["voices"].values())
        missing = [ident for ident in ids if ident not in voices]
        if missing:
            raise SystemExit("heldout: %s: unknown voices %s" % (spec["output"], missing))
        used.update(ids)
    preflight(sorted({voices[ident]["voice"] for ident in used}))
    total = 0.0
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for spec in specs:
            with tempfile.TemporaryDirectory() as work:
                seconds, count = render_recording(spec, voices, out, work, pool)
            total += seconds
            print("heldout: %-28s %7.1f s  %d conversations" % (spec["output"], seconds, count))
    print("heldout: wrote %d recordings (%.1f min) with their truth to %s" % (len(specs), total / 60, out))


if __name__ == "__main__":
    main()
