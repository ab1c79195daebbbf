"""scripts/system-deps, run as `make` runs it, against fake dpkg-query, ldconfig, apt-get,
sudo and id on PATH: what it installs, what it prints, and when it stops the build."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-deps"
ALL_LIBS = ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"]
PANGO = ["libpango-1.0-0", "libpangoft2-1.0-0"]

# The fakes keep the machine's state in two files: the installed packages (one a line) and
# a log of every apt-get call. apt-get "installs" by appending what it was asked for.
FAKES = {
    "dpkg-query": """#!/bin/sh
pkg=$(eval echo \\${$#})
grep -qx "$pkg" "$FAKE_STATE/installed" && printf 'install ok installed' && exit 0
exit 1
""",
    # No library is found this way: the fakes answer through dpkg-query alone.
    "ldconfig": "#!/bin/sh\necho '0 libs found in cache'\n",
    "apt-get": """#!/bin/sh
echo "uid=$(id -u) apt-get $*" >> "$FAKE_STATE/apt.log"
[ "$1" = update ] && exit 0
[ -n "$FAKE_APT_FAILS" ] && exit 100
for a in "$@"; do case "$a" in -*|install) ;; *) echo "$a" >> "$FAKE_STATE/installed";; esac; done
""",
    "id": '#!/bin/sh\necho "${FAKE_UID:-1000}"\n',
    "sudo": """#!/bin/sh
[ -n "$FAKE_SUDO_OK" ] || { echo "sudo: a password is required" >&2; exit 1; }
[ "$1" = -n ] && shift
FAKE_UID=0 exec "$@"
""",
}


@pytest.fixture
def machine(tmp_path):
    """A fake Debian machine: returns run(installed, *args, **env) -> (result, apt calls)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in FAKES.items():
        path = bin_dir / name
        path.write_text(body)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    state = tmp_path / "state"
    state.mkdir()

    def run(installed, *args, **env):
        (state / "installed").write_text("".join(f"{p}\n" for p in installed))
        (state / "apt.log").write_text("")
        environ = {
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "FAKE_STATE": str(state),
            "CHROMIUM": str(tmp_path / "no-chromium"),
            **env,
        }
        result = subprocess.run(
            ["bash", str(SCRIPT), *args], env=environ, capture_output=True, text=True, timeout=30
        )
        calls = (state / "apt.log").read_text().splitlines()
        return result, calls, (state / "installed").read_text().split()

    return run


def test_nothing_missing_does_nothing(machine):
    result, calls, _ = machine([*ALL_LIBS, "chromium"], "--tests")
    assert result.returncode == 0, result.stderr
    assert calls == []
    assert result.stdout == result.stderr == ""


def test_root_installs_what_is_missing_and_nothing_else(machine):
    result, calls, installed = machine(["libpango-1.0-0"], "--tests", FAKE_UID="0")
    assert result.returncode == 0, result.stderr
    assert calls[0] == "uid=0 apt-get update -qq"
    assert calls[1] == (
        "uid=0 apt-get install -y -qq libpangoft2-1.0-0 libharfbuzz-subset0 chromium"
    )
    assert set(installed) == {*ALL_LIBS, "chromium"}


def test_passwordless_sudo_installs_through_sudo(machine):
    result, calls, installed = machine(PANGO, FAKE_SUDO_OK="1")
    assert result.returncode == 0, result.stderr
    # Without --tests chromium is not wanted; apt-get ran as root through sudo.
    assert calls == [
        "uid=0 apt-get update -qq",
        "uid=0 apt-get install -y -qq libharfbuzz-subset0",
    ]
    assert "libharfbuzz-subset0" in installed


def test_without_rights_optional_pieces_warn_and_carry_on(machine):
    result, calls, _ = machine(PANGO, "--tests")
    assert result.returncode == 0
    assert calls == []
    assert "WARNING: libharfbuzz-subset0 is not installed" in result.stderr
    assert "WARNING: chromium is not installed" in result.stderr
    # One command names every missing package.
    assert (
        "Install with:  sudo apt-get update && sudo apt-get install -y "
        "libharfbuzz-subset0 chromium" in result.stderr
    )


def test_without_rights_a_missing_required_piece_fails_with_the_command(machine):
    result, calls, _ = machine(["libharfbuzz-subset0"])
    assert result.returncode == 1
    assert calls == []
    assert "MISSING (required): libpango-1.0-0" in result.stderr
    assert "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" in result.stderr


def test_chromium_is_required_in_ci(machine):
    result, _, _ = machine(ALL_LIBS, "--tests", CI="1")
    assert result.returncode == 1
    assert "MISSING (required): chromium" in result.stderr


def test_ci_mode_also_needs_the_postgresql_client(machine):
    result, _, _ = machine([*ALL_LIBS, "chromium"], "--ci")
    assert result.returncode == 1
    assert "MISSING (required): postgresql-client" in result.stderr
    result, calls, installed = machine([], "--ci", FAKE_UID="0")
    assert result.returncode == 0, result.stderr
    assert "postgresql-client" in calls[-1] and "chromium" in calls[-1]


def test_a_failed_install_reports_and_fails(machine):
    result, calls, _ = machine([], FAKE_UID="0", FAKE_APT_FAILS="1")
    assert result.returncode == 1
    assert len(calls) == 2
    assert "apt-get could not install" in result.stderr
    assert "MISSING (required): libpango-1.0-0" in result.stderr


def test_a_library_found_by_ldconfig_counts_without_dpkg(machine, tmp_path):
    # Not Debian (no dpkg record), but the shared libraries are on the loader's path.
    ldconfig = tmp_path / "bin" / "ldconfig"
    ldconfig.write_text(
        "#!/bin/sh\n"
        "echo '\tlibpango-1.0.so.0 (libc6,x86-64) => /usr/lib/libpango-1.0.so.0'\n"
        "echo '\tlibpangoft2-1.0.so.0 (libc6,x86-64) => /usr/lib/libpangoft2-1.0.so.0'\n"
    )
    result, calls, _ = machine([])
    assert result.returncode == 0
    assert "WARNING: libharfbuzz-subset0" in result.stderr
    assert "MISSING" not in result.stderr


def test_the_makefile_uses_this_script_for_run_test_and_ci():
    root = SCRIPT.parents[1]
    makefile = (root / "Makefile").read_text()
    assert "scripts/system-deps --tests" in makefile.split("\ntest:")[1].split("\n\n")[0]
    assert "system-deps" in makefile.split("\nrun:")[1].split("\n")[0]
    assert "scripts/system-deps --ci" in (root / ".ci" / "run").read_text()
    assert os.access(SCRIPT, os.X_OK)
