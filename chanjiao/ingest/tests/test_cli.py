"""``chanjiao ingest --json/--out``: JSON to stdout or files, no Django set-up, no database."""

from __future__ import annotations

import json
import subprocess
import sys

from chanjiao.cli import main

ARTICLE = (
    "4月29日，闽江智能装备职业教育集团成立大会在福州软件职业技术学院举行。"
    "学院党委书记林海峰致辞，来自各地的代表200余人出席会议。"
)


def test_json_prints_the_record_of_one_file(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["ingest", "--json", str(path)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["event"]["name"] == "闽江智能装备职业教育集团成立大会"
    assert record["event"]["attendance"] == 200


def test_json_prints_one_line_per_file_for_several_files(tmp_path, capsys):
    paths = []
    for i in range(2):
        path = tmp_path / f"a{i}.txt"
        path.write_text(ARTICLE, encoding="utf-8")
        paths.append(str(path))
    assert main(["ingest", "--json", *paths]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and all(json.loads(line)["people"] for line in lines)


def test_out_writes_one_file_per_input_named_by_its_stem(tmp_path, capsys):
    src = tmp_path / "news_001.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["ingest", "--json", "--out", str(out), str(src)]) == 0
    record = json.loads((out / "news_001.json").read_text(encoding="utf-8"))
    assert record["people"][0]["name"] == "林海峰"
    assert capsys.readouterr().out == ""


def test_a_folder_stands_for_the_articles_in_it(tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("a.txt", "b.html", "notes.md"):
        (folder / name).write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["ingest", "--out", str(out), str(folder)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]


def test_missing_file_is_an_error(tmp_path, capsys):
    assert main(["ingest", "--json", str(tmp_path / "nope.txt")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_ingest_does_not_set_up_django(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code = (
        "import sys, io, contextlib\n"
        "from chanjiao.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['ingest', '--json', {str(path)!r}])\n"
        "print(rc, 'django' in sys.modules)\n"
    )
    env_free = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert env_free.stdout.split() == ["0", "False"]
