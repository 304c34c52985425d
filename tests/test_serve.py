"""A real `kb serve` (uvicorn, worker processes) on loopback: what arrives over a socket, raw."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from click.testing import CliRunner
from conftest import BEIJING, CORPUS, running_server

from cli import main
from indexer.pipeline import index


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("serve") / "store"
    assert index([CORPUS], store, workers=1).ok
    with running_server(store, "--workers", "2", "--allow-upload") as url:
        yield url


def exchange(url: str, request: bytes) -> tuple[int, bytes]:
    """Send raw bytes, read the whole response: (status, body)."""
    where = urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=30) as s:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            s.sendall(request)  # the server may answer and close before reading everything
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def get(url: str, target: str) -> tuple[int, bytes]:
    return exchange(url, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())


def test_two_workers_answer_the_api(server: str) -> None:
    status, body = get(server, f"/api/docs/{BEIJING}/tasks/12")
    assert status == 200
    owners = json.loads(body)
    assert owners["task"]["seq"] == 12 and owners["agencies"][0]["name"] == "市科委、中关村管委会"
    for _ in range(4):  # whichever worker answers
        assert json.loads(get(server, "/api/docs")[1])["count"] == 5


def test_a_10_mb_question_is_refused_not_read(server: str) -> None:
    status, _ = get(server, "/api/ask?q=" + quote("问") * 1_200_000)
    assert 400 <= status < 500


def test_raw_bytes_that_are_not_utf_8_are_a_400(server: str) -> None:
    status, body = exchange(
        server, b"GET /api/search?q=\xc4\xe3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert status == 400
    status, body = get(server, "/api/search?q=%C4%E3")
    assert status == 400 and "not UTF-8" in json.loads(body)["error"]


def test_a_huge_chunked_body_is_cut_off_with_413(server: str) -> None:
    """No Content-Length to trust: the body is counted as it arrives."""
    head = (b"POST /api/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n\r\n")  # fmt: skip
    part = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
    chunks = [part] + [b"x" * (1 << 20)] * 60
    body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
    status, reply = exchange(server, head + body)
    assert status == 413 and "too large" in json.loads(reply)["error"]


def test_serve_refuses_a_store_of_another_version(tmp_path: Path) -> None:
    store = tmp_path / "s"
    store.mkdir()
    (store / "store.json").write_text('{"schema": 999}')
    result = CliRunner().invoke(main, ["--store", str(store), "serve"])
    assert result.exit_code == 1 and "kb index --rebuild" in result.stderr


def test_serve_says_when_its_port_is_taken(seed_store: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(main, ["--store", str(seed_store), "serve", "--port", port])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use; choose another --port\n"
    )
