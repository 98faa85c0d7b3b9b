# Times libtorrent's own torrent creation (python3-libtorrent) on one file: the hashing only,
# measured inside the process, and prints one JSON line. Used by bench/hash/run.sh.
import json, os, sys, time
import libtorrent as lt

path, piece_length, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
fs = lt.file_storage()
lt.add_files(fs, path)
flags = lt.create_torrent.v1_only if mode == 'v1' else 0
start = time.perf_counter()
ct = lt.create_torrent(fs, piece_length, flags=flags)
lt.set_piece_hashes(ct, os.path.dirname(os.path.abspath(path)))
data = lt.bencode(ct.generate())
seconds = time.perf_counter() - start
ti = lt.torrent_info(lt.bdecode(data))
h = ti.info_hashes()
print(json.dumps({"seconds": seconds, "v1": str(h.v1) if h.has_v1() else None, "v2": str(h.v2) if h.has_v2() else None}))
