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
    # MkDocs' own work slower beside a cheap hook: a cost the hook's time does not hold, so the line is not met.
    c.site = site([(1.20, 0.02), (1.22, 0.02)], [1.00, 1.00])
    text, ok = report.full_budget([c], 1)
    assert not ok and "MkDocs' own work took 1.19× of plain" in text
    # A first build, without the cache, is stated beside the line, which is for rebuilds.
    c.site = site([(1.07, 0.06), (1.07, 0.06)], [1.00, 1.00])
    c.site.cold = 1.50
    text, ok = report.full_budget([c], 1)
    assert ok and "a first build without it took 1.50 s, 1.50× of plain" in text
    # One pair alone above the mark is within the noise of pairs: the line stands.
    c.site = site([(1.12, 0.02), (0.98, 0.02)], [1.00, 1.00])
    text, ok = report.full_budget([c], 1)
    assert ok and "MkDocs' own work" not in text


def test_steps_before_mkdocs_count_whole():
    c = cell(1, 20, 0.05)
    c.site = site([(1.00, 0.02)], [1.00])
    c.site.steps = {"build_tools build": [measure.Run(0.30, 40.0)], **c.site.steps}
    assert report.added_times(c) == pytest.approx([0.32])


def test_text_scaling_compares_seconds_per_mb_at_the_two_largest_sizes():
    # Fixed costs make linear work cheaper per MB as the text grows: 0.1 s + 1 s/MB.
    linear = [cell(n, 20, 0.1 + n * 4000 / 1_000_000) for n in (10, 100, 1000)]
    small, large, rise = report.text_scaling(linear, 20)
    assert rise < 1 and large == pytest.approx((0.1 + 4.0) / 4.0)
    # A step over the whole text for each article: seconds per MB rise with the size.
    quadratic = [cell(n, 20, 0.1 + (n * 4000 / 1_000_000) ** 2) for n in (10, 100, 1000)]
    assert report.text_scaling(quadratic, 20)[2] > 5 > report.LINEAR_TOLERANCE
    # Medians of the runs: one odd run in three does not decide.
    noisy = [cell(100, 20, 0.5, 0.4, 3.0), cell(1000, 20, 4.0, 4.2, 4.1)]
    assert report.text_scaling(noisy, 20)[2] == pytest.approx((4.1 / 4.0) / (0.5 / 0.4))


def test_the_one_paragraph_article_is_judged_the_same_way():
    rows = [{"bytes": mb * 1_000_000, "seconds": 0.5 + 1.4 * mb} for mb in (1, 2, 4)]
    small, large, rise = report.long_scaling(rows)
    assert small == pytest.approx(1.65) and large == pytest.approx(1.525) and rise < 1


def test_the_smaller_size_is_taken_from_runs_alternated_with_the_larger(monkeypatch):
    from pathlib import Path

    from bench import run

    made = []

    def fake_generator(project, arguments=None, what_if=""):
        made.append(project.name)
        seconds = 10.0 if project.name == "big" else 1.0
        return measure.GeneratorRun(seconds, 40.0, {"build": seconds, "stages": {}}), measure.Run(seconds, 40.0)

    monkeypatch.setattr(measure, "generator", fake_generator)
    own, alongside = run.measure_generator_alongside(Path("big"), Path("small"), runs=3)
    assert made == ["big", "small"] * 3 and len(own) == len(alongside) == 3
    small, large = cell(100, 20, 5.0), cell(1000, 20, 10.0)  # the smaller cell's own runs were slow
    large.alongside, large.alongside_cell = generator_runs(1.0, 1.1, 0.9), (100, 20)
    assert report.text_scaling([small, large], 20)[2] == pytest.approx(1.0)


def test_growth_with_the_glossary_is_judged_per_entity_the_same_way():
    column = [cell(1, 20, 0.05), cell(1, 1000, 0.9), cell(1, 5000, 4.6)]
    small, large, rise = report.entity_scaling(column, 1)
    assert small == pytest.approx(0.9) and large == pytest.approx(0.92) and rise == pytest.approx(0.92 / 0.9)
    column[-1].alongside, column[-1].alongside_cell = generator_runs(1.1, 1.2, 1.0), (1, 1000)  # alternated runs of K = 1000
    assert report.entity_scaling(column, 1)[0] == pytest.approx(1.1)
