"""``govlint serve``: start the local page, say its address, open the browser."""

from __future__ import annotations

import argparse
import secrets
import socket
import sys
import webbrowser
from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_ERROR = 2
LOCAL_HOSTS = ("127.0.0.1", "localhost")
MISSING = "govlint serve 需要网页组件，请先安装：pip install 'govlint[serve]'\n"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        sys.stderr.write(f"govlint serve: 参数错误：{message}（govlint serve --help 查看用法）\n")
        raise SystemExit(EXIT_ERROR)


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"应为 0 到 65535 的端口号：{value}")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govlint serve",
        description="在浏览器中检查稿件：上传文件或粘贴文字，查看标注、采纳修改、下载修改稿和三审报告。"
        "页面只在本机运行，稿件只保存在内存中。",
    )
    parser.add_argument("--host", default="127.0.0.1", help="监听的地址（默认 127.0.0.1，只允许本机访问）")
    parser.add_argument("--port", type=_port, default=0, help="端口（默认 0：任选一个空闲端口）")
    parser.add_argument("--no-browser", action="store_true", help="不自动打开浏览器，只显示网址")
    parser.add_argument("--config", metavar="PATH", help="配置文件（默认从当前目录向上查找 .govlint.toml）")
    return parser


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: any free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def address(sock: socket.socket, host: str, token: str) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # a wildcard address: show the local one
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/?token={token}"


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        import uvicorn

        from govlint.serve.app import create_app
    except ImportError:
        sys.stderr.write(MISSING)
        return EXIT_ERROR
    from govlint.config import ConfigError, discover, load_file

    try:
        config = load_file(Path(args.config), trusted=True) if args.config else discover(Path.cwd().resolve())
    except ConfigError as error:
        sys.stderr.write(f"govlint serve: 配置错误：{error}\n")
        return EXIT_ERROR
    local = args.host in LOCAL_HOSTS
    if not local:
        sys.stderr.write(
            f"govlint serve: 警告：正在监听 {args.host}，同一网络中的其他电脑也能打开本页面（仍需网址中的 token）；"
            "只在可信的网络中这样使用\n"
        )
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        sys.stderr.write(f"govlint serve: 无法监听 {args.host}:{args.port}：{error.strerror or error}\n")
        return EXIT_ERROR
    token = secrets.token_urlsafe(24)
    url = address(sock, args.host, token)
    sys.stdout.write(f"govlint 稿件检查页面：{url}\n按 Ctrl+C 停止。\n")
    sys.stdout.flush()
    # The settings page's default folder: the --config file's, else the one govlint serve was started in.
    folder = Path(args.config).resolve().parent if args.config else Path.cwd().resolve()
    app = create_app(token, config, local_only=local, folder=folder)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    if not args.no_browser:
        webbrowser.open(url)  # the socket already listens: the browser's request waits in its queue
    server.run(sockets=[sock])
    return EXIT_OK
