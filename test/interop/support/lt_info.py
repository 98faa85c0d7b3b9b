# Reads a .torrent with libtorrent (python3-libtorrent) and prints what libtorrent understood, as
# JSON, so tests can check that libtorrent agrees with Kinora. Exits 1 with libtorrent's message
# when it rejects the file.
import json, sys
import libtorrent as lt

try:
    ti = lt.torrent_info(sys.argv[1])
except Exception as e:  # libtorrent raises RuntimeError with its own message
    print(json.dumps({"error": str(e)}))
    sys.exit(1)
h = ti.info_hashes()
fs = ti.files()
print(json.dumps({
    "infohashV1": str(h.v1) if h.has_v1() else None,
    "infohashV2": str(h.v2) if h.has_v2() else None,
    "name": ti.name(),
    "totalSize": ti.total_size(),
    "numPieces": ti.num_pieces(),
    "pieceLength": ti.piece_length(),
    "files": [{"path": fs.file_path(i), "size": fs.file_size(i), "pad": bool(fs.file_flags(i) & lt.file_storage.flag_pad_file)} for i in range(fs.num_files())],
    "webSeeds": [w["url"] for w in ti.web_seeds()],
    "trackers": [t.url for t in ti.trackers()],
}))
