"""How the benchmark pairs its builds: side by side on two CPUs, else one after the other."""
from __future__ import annotations

import os
import sys
import threading

from bench import measure


def recorder(seen: list, name: str, barrier: threading.Barrier | None = None):
    def run() -> measure.Run:
        if barrier is not None:
            barrier.wait()  # returns only once the other build of the pair is running too
        seen.append((name, getattr(measure._pinned, "cpu", None)))
        return measure.Run(1.0, 10.0)

    return run


def test_the_two_builds_of_a_pair_run_at_once_each_on_its_own_cpu_swapped_pair_by_pair(monkeypatch):
    monkeypatch.setattr(measure, "two_cpus", lambda: (0, 1))
    seen: list = []
    for number in range(2):
        barrier = threading.Barrier(2, timeout=10)  # sequential runs would break it
        result, plain = measure.side_by_side(recorder(seen, "full", barrier), recorder(seen, "plain", barrier), number)
        assert result == plain == measure.Run(1.0, 10.0)
    assert sorted(seen[:2]) == [("full", 0), ("plain", 1)]
    assert sorted(seen[2:]) == [("full", 1), ("plain", 0)]
    assert getattr(measure._pinned, "cpu", None) is None  # the pin ends with the pair


def test_without_two_cpus_a_pair_alternates_its_order_and_pins_nothing(monkeypatch):
    monkeypatch.setattr(measure, "two_cpus", lambda: None)
    seen: list = []
    for number in range(3):
        measure.side_by_side(recorder(seen, "full"), recorder(seen, "plain"), number)
    assert [name for name, _ in seen] == ["full", "plain", "plain", "full", "full", "plain"]
    assert {cpu for _, cpu in seen} == {None}


def test_a_pinned_run_runs_on_that_cpu_alone(tmp_path):
    assert measure.TASKSET, "taskset (util-linux) is missing: side-by-side pairs cannot pin their builds"
    cpu = max(os.sched_getaffinity(0))
    with measure.on_cpu(cpu):
        run = measure.timed([sys.executable, "-c", "import os; print(sorted(os.sched_getaffinity(0)))"], tmp_path)
    assert run.output.strip() == f"[{cpu}]"
    unpinned = measure.timed([sys.executable, "-c", "import os; print(len(os.sched_getaffinity(0)))"], tmp_path)
    assert int(unpinned.output) == len(os.sched_getaffinity(0))


def test_plain_builds_side_by_side_read_a_copy_of_docs_in_a_folder_of_their_own(tmp_path, monkeypatch):
    project = tmp_path / "n1-k20"
    (project / "docs" / "articles").mkdir(parents=True)
    (project / "docs" / "articles" / "a.md").write_text("# A\n", encoding="utf-8")
    (project / measure.HOOKED_CONFIG).write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.setattr(measure, "two_cpus", lambda: None)
    assert measure.plain_twin(project) == project  # one after the other, the project's own docs/ is never being rewritten
    monkeypatch.setattr(measure, "two_cpus", lambda: (0, 1))
    twin = measure.plain_twin(project)
    assert twin != project and twin.parent == project.parent
    assert (twin / "docs" / "articles" / "a.md").read_text(encoding="utf-8") == "# A\n"
    assert (twin / measure.HOOKED_CONFIG).read_text(encoding="utf-8") == "site_name: x\n"
    assert (twin / "templates").resolve() == (measure.CODE / "templates").resolve()
    (project / "docs" / "articles" / "a.md").unlink()  # a full build clearing its docs/ leaves the copy whole
    assert (twin / "docs" / "articles" / "a.md").is_file()
