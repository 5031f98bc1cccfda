"""`filmreg serve`: Datasette over the database in use, with the metadata, templates and
plugin shipped in `filmreg.web`. Datasette runs in a child process, bound to 127.0.0.1."""

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

from filmreg.model.errors import FilmregError, UsageError

WEB = Path(__file__).resolve().parent.parent / "web"


def datasette_command(db_path: Path, metadata: Path, port: int, open_browser: bool) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--metadata",
        str(metadata),
        "--template-dir",
        str(WEB / "templates"),
        "--plugins-dir",
        str(WEB / "plugins"),
        "--setting",
        "sql_time_limit_ms",
        "5000",
    ]
    return [*command, "--open"] if open_browser else command


def metadata_for(db_path: Path, folder: Path) -> Path:
    """The shipped metadata, keyed by the name Datasette gives this database (its file stem)."""
    import yaml  # Datasette's own dependency

    metadata = yaml.safe_load((WEB / "metadata.yaml").read_text(encoding="utf-8"))
    databases = metadata["databases"]
    databases[db_path.stem] = databases.pop("registry")
    target = folder / "metadata.json"
    import json

    target.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    return target


def _check_port_free(port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise FilmregError(
                f"port {port} on 127.0.0.1 is in use (another filmreg serve?): "
                "choose another with --port N"
            ) from None


def serve(db: Path | None, port: int, open_browser: bool) -> int:
    from filmreg.store.paths import resolve_database

    if not 0 < port < 65536:
        raise UsageError(f"--port {port} is not a port number (1-65535)")
    if importlib.util.find_spec("datasette") is None:
        raise FilmregError("the web view needs Datasette: pip install 'filmreg[web]'")
    _check_port_free(port)
    location = resolve_database(db)
    if not location.path.exists():
        raise FilmregError(f"no database at {location.path}")
    sys.stderr.write(
        f"filmreg: serving {location.path} at http://127.0.0.1:{port}/ (Ctrl-C stops it)\n"
    )
    with tempfile.TemporaryDirectory(prefix="filmreg-serve-") as folder:
        metadata = metadata_for(location.path, Path(folder))
        proc = subprocess.Popen(datasette_command(location.path, metadata, port, open_browser))
        try:
            return proc.wait()
        except KeyboardInterrupt:  # Ctrl-C reached Datasette too: let it finish
            proc.terminate()
            proc.wait()
            return 0
