#!/usr/bin/env bash
# Generates the tiny demo video files referenced by demo/catalog.json.
#
# Each film gets about 4 seconds of ffmpeg's `testsrc2` pattern (320x180, 24 fps), tinted with a
# different hue, plus a sine tone at a different pitch, so the files are told apart at a glance
# and by ear. They are placeholders only: no footage from the films themselves is used.
#
# Output is deterministic (same ffmpeg build, same bytes), so the files can be hashed in the
# catalog or compared in tests. Runs from any working directory; needs ffmpeg with libx264.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/media"

if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "make-media.sh: ffmpeg is required (e.g. apt-get install -y ffmpeg)" >&2
  exit 1
fi

mkdir -p "$out"

# slug  sine-frequency(Hz)  hue-rotation(degrees)
films=(
  "nanook-of-the-north             220   0"
  "manhatta                        247  36"
  "grass                           262  72"
  "moana                           294 108"
  "the-plow-that-broke-the-plains  330 144"
  "the-river                       349 180"
  "power-and-the-land              392 216"
  "prelude-to-war                  440 252"
  "the-battle-of-san-pietro        494 288"
  "let-there-be-light              523 324"
)

for entry in "${films[@]}"; do
  read -r slug freq hue <<<"$entry"
  file="$out/$slug.mp4"
  ffmpeg -hide_banner -loglevel error -nostdin -y \
    -f lavfi -i "testsrc2=size=320x180:rate=24:duration=4" \
    -f lavfi -i "sine=frequency=${freq}:sample_rate=44100:duration=4" \
    -map 0:v:0 -map 1:a:0 \
    -vf "hue=h=${hue}" \
    -c:v libx264 -preset veryslow -crf 32 -pix_fmt yuv420p -threads 1 \
    -c:a aac -b:a 48k -ac 1 \
    -movflags +faststart \
    -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1 \
    -t 4 \
    "$file"
  echo "wrote $file ($(wc -c <"$file") bytes)"
done
