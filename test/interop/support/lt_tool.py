# libtorrent (Debian's python3-libtorrent 2.0) as a second opinion on torrents, for the interop
# tests. Run with /usr/bin/python3: a python3 earlier on PATH may lack the module.
#
#   lt_tool.py info <file.torrent>
#       prints what libtorrent read, as one JSON object; exits 2 with {"error": ...} when
#       libtorrent rejects the file.
#   lt_tool.py create <path> <out.torrent> <json options>
#       options: pieceLength (bytes, 0 = libtorrent's choice), webSeeds, trackers,
#       format ("hybrid" | "v1" | "v2"), private
import json
import os
import sys

import libtorrent as lt


def info(path):
    try:
        ti = lt.torrent_info(path)
    except Exception as e:  # libtorrent raises RuntimeError carrying its own message
        print(json.dumps({"error": f"libtorrent rejected {path}: {e}"}))
        sys.exit(2)
    hashes = ti.info_hashes()
    fs = ti.files()
    print(json.dumps({
        "infohashV1": str(hashes.v1) if hashes.has_v1() else None,
        # str() of a sha256_hash is the full 64 hex digits
        "infohashV2": str(hashes.v2) if hashes.has_v2() else None,
        "name": ti.name(),
        "totalSize": ti.total_size(),
        "numPieces": ti.num_pieces(),
        "pieceLength": ti.piece_length(),
        "files": [
            {
                "path": fs.file_path(i),
                "size": fs.file_size(i),
                "padFile": bool(fs.file_flags(i) & lt.file_storage.flag_pad_file),
            }
            for i in range(fs.num_files())
        ],
        "webSeeds": [w["url"] for w in ti.web_seeds()],
        "trackers": [t.url for t in ti.trackers()],
        "private": ti.priv(),
    }))


def create(src, out, options):
    fs = lt.file_storage()
    lt.add_files(fs, src)
    if fs.num_files() == 0:
        raise SystemExit(f"no files under {src}")
    flags = {"hybrid": 0, "v1": lt.create_torrent.v1_only, "v2": lt.create_torrent.v2_only}[options.get("format", "hybrid")]
    ct = lt.create_torrent(fs, options.get("pieceLength", 0), flags=flags)
    for url in options.get("webSeeds", []):
        ct.add_url_seed(url)
    for tier, url in enumerate(options.get("trackers", [])):
        ct.add_tracker(url, tier)
    if options.get("private"):
        ct.set_priv(True)
    lt.set_piece_hashes(ct, os.path.dirname(os.path.abspath(src)))
    with open(out, "wb") as f:
        f.write(lt.bencode(ct.generate()))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "info":
        info(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "create":
        create(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
    else:
        raise SystemExit("usage: lt_tool.py info <file.torrent> | create <path> <out.torrent> <json options>")
