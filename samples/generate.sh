#!/usr/bin/env bash
# Renders the dialogue scripts in samples/scripts/ into sample recordings, with two espeak-ng
# voices (rep, customer) and sox, then encodes them in several of the formats callsift reads.
# Deterministic: the same scripts give the same audio. Does nothing when the outputs are newer
# than the scripts and this generator.
#
#   samples/generate.sh OUTDIR
#
# Outputs:
#   discovery-call.mp3          mono mix, 44.1 kHz MP3
#   discovery-call-stereo.wav   dialer style: rep on the left channel, customer on the right
#   renewal-call.m4a            mono AAC in M4A
#   renewal-call-stereo.flac    rep left, customer right
#   internal-chatter.ogg        two colleagues (not a sales call), Vorbis
#   hold-music.opus             30 s of synthesized hold music, Opus
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
mkdir -p "$out"
outputs=(discovery-call.mp3 discovery-call-stereo.wav renewal-call.m4a renewal-call-stereo.flac internal-chatter.ogg hold-music.opus)

fresh=1
for name in "${outputs[@]}"; do
  target="$out/$name"
  if [ ! -s "$target" ] || [ -n "$(find "$here/scripts" "$here/generate.sh" -newer "$target" 2>/dev/null)" ]; then
    fresh=0
  fi
done
[ "$fresh" = 1 ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rate=22050
rep_voice="en-us+m3"
customer_voice="en+f3"  # variants are ignored on en-gb: en+f3 is the female one

# render SCRIPT NAME: writes $work/NAME-left.wav (rep) and $work/NAME-right.wav (customer).
render() {
  local script=$1 name=$2 n=0 left=() right=()
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    local speaker=${line%%:*} text=${line#*: }
    n=$((n + 1))
    local voice_file="$work/$name-$n.wav" silence="$work/$name-$n-silence.wav"
    case "$speaker" in
      PAUSE)
        sox -n -r $rate -c 1 -b 16 "$voice_file" trim 0 "$text"
        left+=("$voice_file"); right+=("$voice_file"); continue ;;
      REP) espeak-ng -v "$rep_voice" -s 165 -w "$work/raw.wav" "$text" ;;
      CUSTOMER) espeak-ng -v "$customer_voice" -s 150 -w "$work/raw.wav" "$text" ;;
      *) echo "generate.sh: $script: unknown speaker '$speaker'" >&2; exit 1 ;;
    esac
    # Each turn is followed by 0.4 s of silence; the other side is silent for the same length.
    sox "$work/raw.wav" -r $rate -c 1 -b 16 "$voice_file" pad 0 0.4
    sox -n -r $rate -c 1 -b 16 "$silence" trim 0 "$(soxi -D "$voice_file")"
    if [ "$speaker" = REP ]; then left+=("$voice_file"); right+=("$silence")
    else left+=("$silence"); right+=("$voice_file"); fi
  done < "$script"
  sox "${left[@]}" "$work/$name-left.wav"
  sox "${right[@]}" "$work/$name-right.wav"
}

render "$here/scripts/discovery-call.txt" discovery
render "$here/scripts/renewal-call.txt" renewal
render "$here/scripts/internal-chatter.txt" chatter

mix() { sox -m "$work/$1-left.wav" "$work/$1-right.wav" "$2"; }
stereo() { sox -M "$work/$1-left.wav" "$work/$1-right.wav" "$2"; }
encode() { ffmpeg -v error -y -i "$1" "${@:3}" "$work/encoded"; mv "$work/encoded" "$out/$2"; }

mix discovery "$work/discovery-mono.wav"
stereo discovery "$work/discovery-stereo.wav"
mix renewal "$work/renewal-mono.wav"
stereo renewal "$work/renewal-stereo.wav"
mix chatter "$work/chatter-mono.wav"
# Hold music: a slow arpeggio of sine chords with a little tremolo, 30 s.
chord=0
for notes in "262 330 392" "294 349 440" "330 392 494" "262 330 392"; do
  chord=$((chord + 1))
  set -- $notes
  sox -n -r 48000 -c 1 "$work/chord-$chord.wav" synth 0.5 sine "$1" synth 0.5 sine mix "$2" synth 0.5 sine mix "$3"
done
sox "$work"/chord-{1,2,3,4}.wav "$work/bar.wav"
sox "$work/bar.wav" "$work/hold.wav" repeat 14 tremolo 4 20 vol 0.3

encode "$work/discovery-mono.wav" discovery-call.mp3 -f mp3 -c:a libmp3lame -b:a 64k -ar 44100 -metadata title="Discovery call"
encode "$work/discovery-stereo.wav" discovery-call-stereo.wav -f wav -c:a pcm_s16le -ar 8000
encode "$work/renewal-mono.wav" renewal-call.m4a -f ipod -c:a aac -b:a 48k -metadata title="Renewal call"
encode "$work/renewal-stereo.wav" renewal-call-stereo.flac -f flac -c:a flac
encode "$work/chatter-mono.wav" internal-chatter.ogg -f ogg -c:a libvorbis -q:a 2
encode "$work/hold.wav" hold-music.opus -f opus -c:a libopus -b:a 32k
echo "samples: wrote ${#outputs[@]} recordings to $out"
