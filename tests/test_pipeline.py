import os
import stat

from gendisclose.pipeline import atomic_write, safe_file_stem


def test_atomic_write_gives_an_ordinary_readable_file(tmp_path):
    target = tmp_path / "sub" / "a.pdf"
    old = os.umask(0o022)
    try:
        atomic_write(target, b"x")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"x"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def test_safe_file_stem_removes_path_separators():
    assert "/" not in safe_file_stem("../../etc/passwd")
    assert "\\" not in safe_file_stem("a\\b")
    assert safe_file_stem("   ") == "disclosure"
