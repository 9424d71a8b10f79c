"""The benchmark report's judging rules, on made-up runs: what counts, what is left unjudged."""
from __future__ import annotations

import pytest

from bench import measure, report
from bench.run import Cell, SiteRuns


def generator_runs(*seconds: float) -> list[measure.GeneratorRun]:
    return [measure.GeneratorRun(s + 0.1, 40.0, {"build": s, "stages": {}}) for s in seconds]


def cell(articles: int, entities: int, *seconds: float) -> Cell:
    return Cell(articles, entities, articles * 4000, 1000, generator_runs(*seconds))


def site(full_hook: list[tuple[float, float]], plain: list[float]) -> SiteRuns:
    runs = [measure.Run(full, 50.0, "", hook) for full, hook in full_hook]
    return SiteRuns({report.HOOK_STEP: runs}, [measure.Run(p, 50.0) for p in plain])


def test_the_full_build_is_judged_on_the_hooks_own_time_not_on_the_noisy_wall_clock():
    c = cell(1, 20, 0.05)
    # Wall-clock pairs of 1.20× and 0.95×; the hook took 0.06 s of each full build.
    c.site = site([(1.20, 0.06), (0.95, 0.06)], [1.00, 1.00])
    assert report.judged_ratio(c) == pytest.approx(1.06)
    assert report.pair_ratios(c) == pytest.approx([1.20, 0.95])
    assert report.own_ratio(c) == pytest.approx((1.14 + 0.89) / 2)
    text, ok = report.full_budget([c], 1)
    assert ok and "1.06×" in text and "from 0.95× to 1.20×" in text
    c.site = site([(1.00, 0.15), (1.00, 0.13)], [1.00, 1.00])
    assert report.full_budget([c], 1)[1] is False  # 0.14 s of hook against a 1 s build


def test_steps_before_mkdocs_count_whole():
    c = cell(1, 20, 0.05)
    c.site = site([(1.00, 0.02)], [1.00])
    c.site.steps = {"build_tools build": [measure.Run(0.30, 40.0)], **c.site.steps}
    assert report.added_times(c) == pytest.approx([0.32])


def test_text_scaling_compares_fastest_runs_and_leaves_noise_unjudged():
    linear = [cell(10, 20, 0.10, 0.12), cell(100, 20, 1.0, 1.1), cell(1000, 20, 10.0, 11.0)]
    early, late, growth, why = report.text_scaling(linear, 20)
    assert why == "" and growth == pytest.approx(1.0)  # fastest runs: 0.1, 1.0, 10 s
    # A large glossary: ten more articles add 0.05 s where the runs lie 0.4 s apart.
    swamped = [cell(1, 5000, 7.0, 7.4), cell(10, 5000, 7.05, 7.3), cell(100, 5000, 9.0, 9.2)]
    assert "not judged" in report.text_scaling(swamped, 5000)[3]
    growing = [cell(10, 20, 0.1), cell(100, 20, 1.0), cell(1000, 20, 16.0)]
    found = report.text_scaling(growing, 20)
    assert found[3] == "" and found[2] == pytest.approx((15.0 / 900) / (0.9 / 90)) and found[2] > report.LINEAR_TOLERANCE
