"""What the packages contain and promise. Every package of the source tree is in the installed
package: pyproject.toml lists them one by one (resources/ is mapped in), and a package missing
there would install a broken app. The packaging files (desktop entry, installer script,
PyInstaller rules, release workflow) say what their tools need; the real builds, installs and
launches are in test_packaging.py (Linux) and packaging/windows/build_and_test_under_wine.sh."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "ontime_assist").rglob("__init__.py")
    }
    assert found <= listed, f"not in pyproject.toml: {sorted(found - listed)}"


# --- What the packaging files promise (each checked against what its tool reads) -------------


def _desktop_exec_argv(line: str) -> list[str]:
    """The command a launcher runs for an Exec value, per the Desktop Entry Specification:
    string escapes (\\s, \\n, \\t, \\r, \\\\) are undone first, then the value is split at spaces
    outside double quotes, where \\", \\`, \\$ and \\\\ stand for the character."""
    value = re.sub(
        r"\\([sntr\\])",
        lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), "\\"),
        line,
    )
    argv: list[str] = []
    current, quoted, started, i = "", False, False, 0
    while i < len(value):
        char = value[i]
        if quoted and char == "\\" and i + 1 < len(value) and value[i + 1] in '"`$\\':
            current, i = current + value[i + 1], i + 2
            continue
        if char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if started:
                argv.append(current)
            current, started = "", False
        else:
            current, started = current + char, True
        i += 1
    if started:
        argv.append(current)
    return argv


def test_the_desktop_entry_starts_the_bundles_windowed_program() -> None:
    entry = (ROOT / "packaging" / "linux" / "ontime-assist.desktop").read_text()
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    argv = _desktop_exec_argv(exec_line.removeprefix("Exec="))
    # build_deb.sh puts the bundle in /opt/ontime-assist; the spec names the program.
    assert argv == ["/opt/ontime-assist/OnTime Assist"]
    assert 'name="OnTime Assist", console=False' in _spec_text()


def _iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in (ROOT / "packaging" / "windows" / "ontime-assist.iss").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].lower()
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def _iss_setup() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in _iss_sections()["setup"] if "=" in line)
    return {key.strip().lower(): value.strip() for key, value in pairs}


def test_the_installer_is_for_64_bit_windows_10_1703_or_later() -> None:
    setup = _iss_setup()
    assert setup.get("architecturesallowed") == "x64compatible"
    assert setup.get("architecturesinstallin64bitmode") == "x64compatible"
    version = tuple(int(n) for n in setup.get("minversion", "0").split("."))
    assert version >= (10, 0, 15063)  # Qt 6.11's floor; the README says so too
    assert "Windows 10 version 1703" in (ROOT / "README.md").read_text()


def test_the_installer_installs_for_the_current_user_without_admin_rights() -> None:
    setup = _iss_setup()
    assert setup.get("privilegesrequired") == "lowest"
    assert "privilegesrequiredoverridesallowed" not in setup  # no way to ask for elevation
    assert setup.get("defaultdirname", "").startswith("{localappdata}")


def test_uninstall_deletes_only_what_was_installed() -> None:
    """The user may install into a folder of their own: uninstalling removes the files the
    installer put there (Inno Setup's log has them), never the folder's other contents.
    (packaging/windows/build_and_test_under_wine.sh proves it with a real uninstall.)"""
    for entry in _iss_sections().get("uninstalldelete", []):
        name = re.search(r'Name:\s*"([^"]+)"', entry)
        assert name is not None, entry
        target = name.group(1).rstrip("\\")
        assert target not in ("{app}", "{app}\\*"), f"deletes the whole install folder: {entry}"


def _spec_text() -> str:
    return (ROOT / "packaging" / "pyinstaller" / "ontime_assist.spec").read_text()


def _bundle_rules():  # type: ignore[no-untyped-def]
    path = ROOT / "packaging" / "pyinstaller" / "bundle_rules.py"
    spec = importlib.util.spec_from_file_location("bundle_rules", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Real names from PySide6-Essentials 6.11's wheels, as PyInstaller places them in the bundle.
UNNEEDED_IN_BUNDLE = [
    "PySide6/Qt6Network.dll",
    "PySide6/Qt6Svg.dll",
    "PySide6/opengl32sw.dll",
    "PySide6/Qt6OpenGL.dll",
    "PySide6/Qt6Qml.dll",
    "PySide6/Qt6Quick.dll",
    "PySide6/Qt6Pdf.dll",
    "PySide6\\plugins\\tls\\qschannelbackend.dll",
    "PySide6/plugins/networkinformation/qnetworklistmanager.dll",
    "PySide6/plugins/iconengines/qsvgicon.dll",
    "PySide6/plugins/imageformats/qjpeg.dll",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/platforms/libqwayland-generic.so",
]
NEEDED_IN_BUNDLE = [
    "PySide6/Qt6Core.dll",
    "PySide6/Qt6Gui.dll",
    "PySide6/Qt6Widgets.dll",
    "PySide6/pyside6.abi3.dll",
    "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/plugins/platforms/qoffscreen.dll",
    "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6/plugins/imageformats/qico.dll",
    "python311.dll",
    "libssl-3.dll",
    "PySide6/Qt/lib/libQt6Core.so.6",
    "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
]


@pytest.mark.parametrize("name", UNNEEDED_IN_BUNDLE)
def test_the_bundle_leaves_out_qt_parts_the_app_does_not_use(name: str) -> None:
    assert _bundle_rules().is_unneeded(name)


@pytest.mark.parametrize("name", NEEDED_IN_BUNDLE)
def test_the_bundle_keeps_what_the_app_needs(name: str) -> None:
    assert not _bundle_rules().is_unneeded(name)


def test_the_bundle_ships_idna_as_a_source_install_does() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(re.match(r"idna\b", dependency) for dependency in dependencies)
    spec = _spec_text()
    assert 'collect_submodules("idna")' in spec
    assert "import idna" in spec  # a build environment without it fails instead of shipping less
    assert 'copy_metadata("idna")' in spec  # dnspython looks for it with importlib.metadata


def test_the_bundle_ships_the_public_suffix_list() -> None:
    spec = _spec_text()
    assert 'collect_data_files("publicsuffixlist"' in spec
    # engine/sender/public_suffix.py finds the file beside the package, which nothing imports.
    assert '["publicsuffixlist"]' in spec


def _workflow_job(name: str) -> str:
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text()
    jobs = re.split(r"^  (?=[a-z][\w-]*:\s*$)", text.split("\njobs:\n", 1)[1], flags=re.M)
    return next(job for job in jobs if job.startswith(f"{name}:"))


def test_the_release_workflow_self_tests_windows_on_the_native_platform() -> None:
    windows = "\n".join(
        line for line in _workflow_job("windows").splitlines() if not line.strip().startswith("#")
    )
    assert "--self-test" in windows
    # Offscreen on Windows, Qt always warns (no font directory, no HWND): the self-test fails.
    assert "QT_QPA_PLATFORM" not in windows and "offscreen" not in windows


def test_build_bundle_uses_the_interpreter_it_is_given(tmp_path: Path) -> None:
    """A Windows runner has `python`, not `python3`: build_bundle.sh must take $PYTHON, and
    choose `python` on Windows. Run for real with a PATH holding only a recording `python`
    and the few tools the script needs; the first Python call is the one that matters."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("dirname", "mkdir", "mktemp", "rm"):
        found = shutil.which(tool)
        assert found is not None
        (tools / tool).symlink_to(found)
    calls = tmp_path / "calls"
    recorder = f'#!{shutil.which("bash")}\necho "$0 $*" >> {calls}\nexit 3\n'
    for name, uname in (("python", "MINGW64_NT-10.0-19045"),):
        (tools / name).write_text(recorder)
        (tools / name).chmod(0o755)
        (tools / "uname").write_text(f"#!{shutil.which('bash')}\necho {uname}\n")
        (tools / "uname").chmod(0o755)
    bash = shutil.which("bash")
    assert bash is not None
    script = str(ROOT / "packaging" / "build_bundle.sh")
    # On Windows (as uname says there): `python`.
    done = subprocess.run(
        [bash, script, str(tmp_path / "out")],
        env={"PATH": str(tools)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr  # stopped by the recorder, not "not found"
    assert calls.read_text().split()[1:3] == ["-m", "venv"]
    assert calls.read_text().split()[0].endswith("/python")
    # Told which interpreter: that one.
    calls.unlink()
    (tools / "my-python").write_text(recorder)
    (tools / "my-python").chmod(0o755)
    done = subprocess.run(
        [bash, script, str(tmp_path / "out")],
        env={"PATH": str(tools), "PYTHON": str(tools / "my-python")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    assert calls.read_text().split()[0].endswith("/my-python")


def test_every_resource_file_is_package_data() -> None:
    """A data file (the PDF's font, an icon) left out of package-data would be missing from
    the installed app and from the frozen bundle, which collects the installed package's data."""
    import fnmatch

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["ontime_assist.resources"]
    resources = ROOT / "resources"
    files = [
        path.relative_to(resources).as_posix()
        for path in resources.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    ]

    def matches(file: str, pattern: str) -> bool:  # as setuptools globs: "*" stays in its folder
        parts, globs = file.split("/"), pattern.split("/")
        return len(parts) == len(globs) and all(map(fnmatch.fnmatch, parts, globs))

    missing = [f for f in files if not any(matches(f, p) for p in patterns)]
    assert files and missing == []
