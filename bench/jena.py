"""Apache Jena SHACL from Debian's ``libapache-jena-java``: installing it and a classpath that starts.

Two traps of the Debian package (see docs/performance.md): ``/usr/share/java/*`` puts several SLF4J
bindings on the classpath, so we pick the jars ourselves with one binding (slf4j-nop); and Debian moved the
shaded Xerces classes to ``xerces.*`` but left their ``.properties`` messages under
``org/apache/jena/ext/xerces/``, so a small jar copies them to ``xerces/`` where the classes look.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from bench.errors import BenchError

JAVA_DIR = Path("/usr/share/java")
HERE = Path(__file__).resolve().parent
DEPENDENCIES = (
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpcore",
    "jackson-core",
    "jackson-databind",
    "jackson-annotations",
    "jakarta.json-api",
    "jsonld-java",
    "protobuf",
    "slf4j-api",
    "slf4j-nop",
    "thrift",
    "titanium-json-ld",
    "jcl-over-slf4j",
)
JENA = (
    "jena-base",
    "jena-core",
    "jena-arq",
    "jena-iri",
    "jena-shacl",
    "jena-cmds",
    "jena-shex",
    "jena-rdfconnection",
    "jena-dboe-base",
    "jena-dboe-index",
    "jena-dboe-storage",
    "jena-dboe-trans-data",
    "jena-dboe-transaction",
    "jena-tdb",
    "jena-tdb2",
)
XERCES_RESOURCES = "org/apache/jena/ext/xerces/"


def ensure_installed() -> None:
    """Install Jena, wrk and a JDK from Debian when missing (the bench needs root, as on these machines)."""
    missing = []
    if not (JAVA_DIR / "jena-shacl.jar").exists():
        missing.append("libapache-jena-java")
    if shutil.which("wrk") is None:
        missing.append("wrk")
    if shutil.which("javac") is None:
        missing.append("default-jdk-headless")
    if not missing:
        return
    print(f"installing from Debian: {' '.join(missing)}", flush=True)
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing],
            check=True,
            capture_output=True,
            env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise BenchError(f"could not install {' '.join(missing)} with apt-get: {error}") from None
    if not (JAVA_DIR / "jena-shacl.jar").exists() or shutil.which("wrk") is None:
        raise BenchError("Apache Jena (libapache-jena-java) or wrk is still missing after apt-get install")


def xerces_fix_jar(work: Path) -> Path:
    """A jar holding Jena's shaded Xerces messages at the package the Debian classes look in."""
    target = work / "jena-xerces-resources.jar"
    if target.exists():
        return target
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as source, zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            if name.startswith(XERCES_RESOURCES) and not name.endswith(".class") and not name.endswith("/"):
                out.writestr("xerces/" + name[len(XERCES_RESOURCES) :], source.read(name))
    return target


def classpath(work: Path) -> str:
    jars = []
    for name in (*JENA, *DEPENDENCIES):
        path = JAVA_DIR / f"{name}.jar"
        if not path.exists():
            raise BenchError(f"Jena classpath: {path} is missing (is libapache-jena-java installed?)")
        jars.append(str(path))
    return ":".join([str(xerces_fix_jar(work)), *jars])


def compile_driver(work: Path) -> str:
    """Compile bench/ValidateEach.java (one JVM validating many data graphs); returns the classpath to run it."""
    cp = classpath(work)
    classes = work / "classes"
    source = HERE / "ValidateEach.java"
    built = classes / "ValidateEach.class"
    if not built.exists() or built.stat().st_mtime < source.stat().st_mtime:
        classes.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["javac", "-cp", cp, "-d", str(classes), str(source)], capture_output=True, text=True)
        if done.returncode != 0:
            raise BenchError(f"cannot compile the Jena driver: {done.stderr.strip()[:2000]}")
    return f"{classes}:{cp}"
