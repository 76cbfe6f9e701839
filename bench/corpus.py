"""The real-code corpus: source distributions and npm tarballs of large open
source projects, fetched with the registries' own clients (``pip download``,
``npm pack``) into the bench cache (never into the repository).

Only the files riskscan would analyse are kept (its own discovery decides:
test code, ``dist/``, minified files and ``.d.ts`` are dropped), plus the
service marker files (package.json, pyproject.toml, setup.py, Dockerfile).
So riskscan and Semgrep are given exactly the same files to read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

# (registry, spec): pinned so every run reads the same code
REAL_PACKAGES: tuple[tuple[str, str], ...] = (
    ("pypi", "django==5.0.6"),
    ("pypi", "sqlalchemy==2.0.30"),
    ("pypi", "celery==5.4.0"),
    ("pypi", "flask==3.0.3"),
    ("pypi", "requests==2.32.3"),
    ("pypi", "salt==3007.1"),
    ("pypi", "ansible-core==2.17.0"),
    ("pypi", "apache-airflow==2.9.2"),
    ("npm", "typeorm@0.3.20"),
    ("npm", "sequelize@6.37.3"),
    ("npm", "knex@3.1.0"),
    ("npm", "mongoose@8.4.1"),
    ("npm", "nodebb@1.4.0"),
    ("npm", "ghost@5.0.0"),
    ("npm", "parse-server@7.0.0"),
    ("npm", "fastify@4.28.1"),
    ("npm", "express@4.19.2"),
    ("npm", "@nestjs/core@10.3.9"),
    ("npm", "moleculer@0.14.33"),
    ("npm", "sails@1.5.11"),
    ("npm", "pm2@5.4.0"),
    ("npm", "socket.io@4.7.5"),
    ("npm", "bullmq@5.8.2"),
)

MARKERS = ("package.json", "pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Dockerfile")


def _slug(spec: str) -> str:
    return spec.replace("@", "_").replace("/", "_").replace("==", "-").lstrip("_")


def _download(registry: str, spec: str, downloads: str, log) -> str:
    """Download one package archive (once) into its own folder; return its path."""
    dest = os.path.join(downloads, _slug(spec))
    os.makedirs(dest, exist_ok=True)
    found = [n for n in sorted(os.listdir(dest)) if n.endswith((".tar.gz", ".tgz", ".zip"))]
    if not found:
        if registry == "pypi":
            cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", "-d", dest, spec]
        else:
            npm = shutil.which("npm")
            if npm is None:
                raise SystemExit("bench: npm is needed to fetch the npm part of the corpus (or use --no-real)")
            cmd = [npm, "pack", "--silent", "--pack-destination", dest, spec]
        log(f"  fetching {spec} ({registry})")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=dest)
        found = [n for n in sorted(os.listdir(dest)) if n.endswith((".tar.gz", ".tgz", ".zip"))]
    if len(found) != 1:
        raise SystemExit(f"bench: expected one archive for {spec} in {dest}, found {found}")
    return os.path.join(dest, found[0])


def _extract(archive: str, dest: str) -> None:
    if archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                name = os.path.normpath(info.filename)
                if name.startswith(("..", "/")):
                    continue
                zf.extract(info, dest)
        return
    with tarfile.open(archive, "r:gz") as tf:
        if hasattr(tarfile, "data_filter"):
            tf.extractall(dest, filter="data")
        else:  # pragma: no cover - old Python
            tf.extractall(dest, members=[m for m in tf.getmembers() if m.isfile() or m.isdir()])


def _manifest_key() -> str:
    return hashlib.sha256(json.dumps(REAL_PACKAGES).encode()).hexdigest()[:12]


def build_real(cache_dir: str, log=print) -> str:
    """Fetch (once) and lay out the real corpus; return its directory."""
    from riskscan.discovery import discover, is_test_path

    root = os.path.join(cache_dir, f"real-{_manifest_key()}")
    if os.path.exists(os.path.join(root, ".complete")):
        return root
    downloads = os.path.join(cache_dir, "downloads")
    os.makedirs(downloads, exist_ok=True)
    staging = os.path.join(cache_dir, "staging")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    log(f"building the real corpus in {root}")
    for registry, spec in REAL_PACKAGES:
        archive = _download(registry, spec, downloads, log)
        pkg_stage = os.path.join(staging, _slug(spec))
        _extract(archive, pkg_stage)
        disc = discover(pkg_stage)
        keep = {f.path for f in disc.files}
        for dirpath, dirnames, filenames in os.walk(pkg_stage):
            dirnames[:] = [d for d in dirnames if d != "node_modules"]
            for name in filenames:
                rel = os.path.relpath(os.path.join(dirpath, name), pkg_stage).replace(os.sep, "/")
                if name in MARKERS and not is_test_path(rel):
                    keep.add(rel)
        for rel in sorted(keep):
            src = os.path.join(pkg_stage, rel)
            if os.path.islink(src) or not os.path.isfile(src):
                continue
            dst = os.path.join(root, _slug(spec), rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
    shutil.rmtree(staging, ignore_errors=True)
    write_semgrepignore(root)
    with open(os.path.join(root, ".complete"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(s for _, s in REAL_PACKAGES) + "\n")
    return root


def write_semgrepignore(root: str) -> None:
    """Replace Semgrep's default ignore list (tests, vendored code...) with one
    that leaves out only riskscan's cache: the corpus is already pruned."""
    with open(os.path.join(root, ".semgrepignore"), "w", encoding="utf-8") as fh:
        fh.write(".riskscan_cache/\n.complete\n")


def corpus_stats(root: str) -> dict[str, int]:
    """Files and bytes riskscan will look at (by its own discovery)."""
    from riskscan.discovery import discover

    disc = discover(root)
    return {"files": len(disc.files), "bytes": sum(f.size for f in disc.files)}
