"""The actor map: connections and weights, a safe self-contained SVG, labels that never overlap, a matching table."""
from __future__ import annotations

import hashlib
import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from build_tools.actor_map import (
    CHAR_WIDTH,
    LINE_HEIGHT,
    STAND_IN,
    TOP_COMPACT,
    TOP_FULL,
    TYPE_STYLE,
    ActorMap,
    _grid,
    _Unit,
    actor_map,
    remove_overlaps,
)
from build_tools.build import generate
from build_tools.model import (
    ENTITY_TYPES,
    Article,
    Briefing,
    Entity,
    Mention,
    Paragraph,
    Section,
    Source,
)

ROOT = Path(__file__).resolve().parent.parent
NS = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"  # see actor_map._svg: Material's instant navigation
TRICKY = "A & B <C> \"quoted\" it's"


def entity(id: str, name: str, type: str, **more) -> Entity:
    return Entity(id=id, name=name, type=type, summary=f"About {name}.", **more)


def article(slug: str, sections: int, paragraphs: int) -> Article:
    return Article(
        slug=slug,
        title=slug.title(),
        source=Source("Test"),
        sections=tuple(
            Section(number=s, title=f"Section {s}", paragraphs=tuple(Paragraph(f"Paragraph {p}.", p) for p in range(1, paragraphs + 1)))
            for s in range(1, sections + 1)
        ),
    )


def mention(entity_id: str, slug: str, section: int, paragraph: int) -> Mention:
    return Mention(entity_id, slug, section, paragraph, 0, 1)


@pytest.fixture(scope="module")
def small() -> Briefing:
    """alpha and beta share three paragraphs (one in each article); gamma meets them once, and amp once."""
    return Briefing(
        entities=(
            entity("alpha", "Alpha Person", "person"),
            entity("beta", "Beta Land", "country"),
            entity("gamma", "Gamma Organisation", "organization", aliases=("GO",)),
            entity("delta", "Delta Never Mentioned", "place"),
            entity("amp", TRICKY, "concept"),
            entity("loner", "Loner", "media"),
        ),
        articles=(article("one", 2, 2), article("two", 1, 2)),
        mentions=(
            mention("alpha", "one", 1, 1),
            mention("beta", "one", 1, 1),
            mention("gamma", "one", 1, 1),
            mention("alpha", "one", 1, 2),
            mention("beta", "one", 1, 2),
            mention("gamma", "one", 2, 1),
            mention("amp", "one", 2, 1),
            mention("alpha", "two", 1, 1),
            mention("beta", "two", 1, 1),
            mention("alpha", "two", 1, 1),  # a second mention in the same paragraph: still one shared paragraph
            mention("loner", "two", 1, 2),
        ),
    )


@pytest.fixture(scope="module")
def seed() -> Briefing:
    return generate(ROOT / "seeds", ROOT / "templates").briefing


def big_briefing(count: int = 300) -> Briefing:
    """Many entities with long names, a few in many paragraphs: the map must choose and stay readable."""
    entities = tuple(
        entity(f"e{i:03d}", f"{['Greater', 'Northern', 'United'][i % 3]} Council of {['Ministers', 'Elders', 'Long Names Of Many Words'][i % 3]} {i}", ENTITY_TYPES[i % 7])
        for i in range(count)
    )
    mentions = []
    for p in range(count * 2):
        members = {p % count, (p * 7) % count, (p * 13) % 17, p % 5}
        mentions.extend(mention(f"e{m:03d}", "long", 1 + p // 100, 1 + p % 100) for m in sorted(members))
    return Briefing(entities=entities, articles=(), mentions=tuple(mentions))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def links(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{NS}a")


def expected_edges(briefing: Briefing, slug: str | None = None) -> tuple[tuple[str, str, int], ...]:
    """Brute force: for every pair, the paragraphs naming both."""
    places: dict[str, set] = {}
    for m in briefing.mentions:
        if slug is None or m.article == slug:
            places.setdefault(m.entity_id, set()).add((m.article, m.section, m.paragraph))
    pairs = []
    for a, b in itertools.combinations(sorted(places), 2):
        shared = len(places[a] & places[b])
        if shared:
            pairs.append((a, b, shared))
    return tuple(pairs)


# -- boxes, measured from the SVG itself ------------------------------------------------------


def shape_box(shape: ET.Element) -> tuple[float, float, float, float]:
    tag = shape.tag.removeprefix(NS)
    if tag == "circle":
        cx, cy, r = (float(shape.get(k)) for k in ("cx", "cy", "r"))
        return cx - r, cy - r, cx + r, cy + r
    if tag == "rect":
        x, y, w, h = (float(shape.get(k)) for k in ("x", "y", "width", "height"))
        return x, y, x + w, y + h
    assert tag == "path", tag
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d"))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def text_box(text: ET.Element, font: float) -> tuple[float, float, float, float]:
    """The estimated box: characters x font size x 0.6 wide, 1.2 lines high, from the first baseline."""
    lines = [t.text or "" for t in text.findall(f"{NS}tspan")] or [text.text or ""]
    width = max(len(line) for line in lines) * font * CHAR_WIDTH
    height = len(lines) * font * LINE_HEIGHT
    x, y = float(text.get("x")), float(text.get("y"))
    left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
    top = y - font * 0.95
    return left, top, left + width, top + height


def drawn_boxes(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    root = parse(svg)
    font = float(root.get("font-size"))
    boxes = []
    for a in links(root):
        name = a.get("data-entity")
        shapes = [child for child in a if child.tag.removeprefix(NS) in ("circle", "rect", "path")]
        assert len(shapes) == 1
        boxes.append((f"node {name}", shape_box(shapes[0])))
        boxes.append((f"label {name}", text_box(a.find(f"{NS}text"), font)))
    return boxes


def overlapping(boxes) -> list[tuple[str, str]]:
    return [
        (name_a, name_b)
        for (name_a, a), (name_b, b) in itertools.combinations(boxes, 2)
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


# -- the graph ----------------------------------------------------------------------------------


def test_edges_join_entities_named_in_one_paragraph_weighted_by_shared_paragraphs(small):
    result = actor_map(small, "", href_prefix="")
    assert result.edges == (("alpha", "beta", 3), ("alpha", "gamma", 1), ("amp", "gamma", 1), ("beta", "gamma", 1))
    assert result.edges == expected_edges(small)
    assert set(result.nodes) == {"alpha", "beta", "gamma", "amp", "loner"}  # delta is never mentioned
    assert result.nodes[:2] == ("alpha", "beta")  # most mentioned first
    assert result.omitted == 0


def test_an_article_map_counts_only_that_article(small):
    one = actor_map(small, "", article="one", compact=True, href_prefix="")
    assert one.edges == (("alpha", "beta", 2), ("alpha", "gamma", 1), ("amp", "gamma", 1), ("beta", "gamma", 1))
    two = actor_map(small, "", article="two", compact=True, href_prefix="")
    assert two.edges == (("alpha", "beta", 1),)
    assert set(two.nodes) == {"alpha", "beta", "loner"}
    assert "this article" in two.caption


def test_seed_edges_and_weights(seed):
    result = actor_map(seed, "", href_prefix="")
    assert result.edges == expected_edges(seed)
    assert all(a < b and w > 0 for a, b, w in result.edges)
    assert list(result.edges) == sorted(result.edges)
    mentioned = {m.entity_id for m in seed.mentions}
    assert set(result.nodes) == mentioned if len(mentioned) <= TOP_FULL else len(result.nodes) == TOP_FULL
    for slug in (a.slug for a in seed.articles):
        compact = actor_map(seed, "", article=slug, compact=True, href_prefix="")
        assert compact.edges == expected_edges(seed, slug)
        assert len(compact.nodes) == min(TOP_COMPACT, len({m.entity_id for m in seed.mentions if m.article == slug}))


# -- the SVG ------------------------------------------------------------------------------------


@pytest.mark.parametrize("compact", [False, True])
def test_svg_is_accessible_xml_with_one_link_per_node(seed, compact):
    result = actor_map(seed, "../glossary/", compact=compact, href_prefix="../../glossary/")
    root = parse(result.svg)
    assert root.tag == f"{NS}svg"
    # A group, not an image: an image's children are presentational, so its links would be hidden.
    assert root.get("role") == "group" and root.get("width") == "100%"
    assert len(root.get("viewBox").split()) == 4
    found = {element.get("id"): element.tag.removeprefix(NS) for element in root.iter() if element.get("id")}
    assert found[root.get("aria-labelledby")] == "title" and found[root.get("aria-describedby")] == "desc"
    assert root.find(f".//{NS}g[@class='actor-map-edges']").get("aria-hidden") == "true"
    assert root.find(f"{NS}desc").text == result.caption
    anchors = links(root)
    assert [a.get(HREF) for a in anchors] == [f"../../glossary/{i}/" for i in result.nodes]
    assert all(a.get("href") is None for a in anchors)
    for a in anchors:
        assert a.find(f"{NS}title") is not None and a.find(f"{NS}title").text
    # No blank line: the figure stays one raw HTML block in Markdown.
    assert "\n\n" not in result.figure


def test_svg_references_nothing_outside(seed, small):
    for result in (actor_map(seed, "", href_prefix=""), actor_map(small, "", href_prefix="")):
        svg = result.svg
        root = parse(svg)
        tags = {element.tag.removeprefix(NS) for element in root.iter()}
        assert not tags & {"script", "foreignObject", "image", "use", "style", "iframe"}
        assert re.findall(r"https?://[^\s\"'<>]+", svg) == ["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]  # namespace names
        assert "url(" not in svg and "javascript:" not in svg.lower()
        assert [name for element in root.iter() for name in element.attrib if "xlink" in name] == [HREF] * len(links(root))
        assert all(not re.match(r"[a-z]+:|//", a.get(HREF)) for a in links(root))  # links within the site only
        for element in root.iter():
            assert not any(name.startswith("on") for name in element.attrib)


def test_legend_shows_exactly_the_types_drawn(small):
    root = parse(actor_map(small, "", href_prefix="").svg)
    legend = root.find(f".//{NS}g[@class='actor-map-legend']")
    assert [t.text for t in legend.findall(f"{NS}text")] == ["Person", "Country", "Organization", "Concept", "Media"]


def test_each_type_has_its_own_colour_and_shape():
    shapes = {style["shape"] for style in TYPE_STYLE.values()}
    fills = {style["fill"].lower() for style in TYPE_STYLE.values()}
    assert set(TYPE_STYLE) == set(ENTITY_TYPES)
    assert len(shapes) == len(fills) == len(ENTITY_TYPES)
    # ... and the drawn shapes really differ: element and number of corners.
    briefing = Briefing(
        entities=tuple(entity(kind, kind.title(), kind) for kind in ENTITY_TYPES),
        articles=(),
        mentions=tuple(mention(kind, "x", 1, 1) for kind in ENTITY_TYPES),
    )
    root = parse(actor_map(briefing, "", href_prefix="").svg)
    signatures = set()
    for a in links(root):
        shape = next(child for child in a if child.tag.removeprefix(NS) in ("circle", "rect", "path"))
        signatures.add((shape.tag, shape.get("d", "").count("L"), shape.get("rx")))
    assert len(signatures) == len(ENTITY_TYPES)


def test_node_size_follows_mentions_and_line_width_follows_weight(small):
    root = parse(actor_map(small, "", href_prefix="").svg)
    sizes = {}
    for a in links(root):
        shape = next(child for child in a if child.tag.removeprefix(NS) in ("circle", "rect", "path"))
        left, _, right, _ = shape_box(shape)
        sizes[a.get("data-entity")] = right - left
    assert sizes["alpha"] > sizes["gamma"] > sizes["loner"]  # 4, 2 and 1 mentions
    widths = {line.find(f"{NS}title").text: float(line.get("stroke-width")) for line in root.iter(f"{NS}line")}
    assert widths["Alpha Person and Beta Land: 3 shared paragraphs"] > widths["Alpha Person and Gamma Organisation: 1 shared paragraph"]


@pytest.mark.parametrize("compact", [False, True])
def test_labels_and_nodes_never_overlap(seed, small, compact):
    for briefing in (seed, small, big_briefing()):
        result = actor_map(briefing, "", compact=compact, href_prefix="")
        boxes = drawn_boxes(result.svg)
        assert len(boxes) == 2 * len(result.nodes)
        assert overlapping(boxes) == []


def test_overlap_removal_separates_units_piled_on_one_point():
    units = [_Unit(f"u{i}", 100.0, 100.0, 8.0, ("A rather long label",), 150.0, 16.0) for i in range(25)]
    remove_overlaps(units)
    boxes = [(f"{u.id} {kind}", (b.x, b.y, b.right, b.bottom)) for u in units for kind, b in zip(("node", "label"), u.boxes())]
    assert overlapping(boxes) == []
    _grid(units)
    boxes = [(f"{u.id} {kind}", (b.x, b.y, b.right, b.bottom)) for u in units for kind, b in zip(("node", "label"), u.boxes())]
    assert overlapping(boxes) == []


def test_names_are_escaped(small):
    result = actor_map(small, "", href_prefix="")
    assert "<C>" not in result.svg and "A & B" not in result.svg
    root = parse(result.svg)
    amp = next(a for a in links(root) if a.get("data-entity") == "amp")
    assert "".join(t.text for t in amp.find(f"{NS}text").iter(f"{NS}tspan")).replace(" ", "") == TRICKY.replace(" ", "")
    assert amp.find(f"{NS}title").text.startswith(TRICKY)
    edge_titles = [line.find(f"{NS}title").text for line in root.iter(f"{NS}line")]
    assert f"{TRICKY} and Gamma Organisation: 1 shared paragraph" in edge_titles
    # The table renders the name literally, as a link.
    html = BeautifulSoup(markdown.markdown(result.table_markdown, extensions=["tables"]), "html.parser")
    assert TRICKY in [a.get_text() for a in html.find_all("a")]
    assert not html.find_all(["c", "script"])


def test_characters_xml_forbids_are_dropped():
    briefing = Briefing(
        entities=(entity("x", "Bell\x07 & Null\x00", "person"), entity("y", "Why", "country")),
        articles=(),
        mentions=(mention("x", "a", 1, 1), mention("y", "a", 1, 1)),
    )
    root = parse(actor_map(briefing, "", href_prefix="").svg)
    assert next(t.text for t in root.iter(f"{NS}tspan")) == "Bell & Null"


def test_output_is_deterministic_across_calls_and_processes(seed):
    assert actor_map(seed, "", href_prefix="x/") == actor_map(seed, "", href_prefix="x/")
    script = (
        "import hashlib, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from build_tools.build import generate; from build_tools.actor_map import actor_map;"
        "b = generate(Path(sys.argv[1]) / 'seeds', Path(sys.argv[1]) / 'templates').briefing;"
        "print(hashlib.sha256((actor_map(b, '', href_prefix='x/').svg + actor_map(b, '', compact=True, article=b.articles[0].slug, href_prefix='x/').svg).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": seed_value}
        ).stdout.strip()
        for seed_value in ("0", "1", "12345")
    }
    here = actor_map(seed, "", href_prefix="x/").svg + actor_map(seed, "", compact=True, article=seed.articles[0].slug, href_prefix="x/").svg
    assert digests == {hashlib.sha256(here.encode()).hexdigest()}


def test_a_cached_drawing_is_reused_only_for_the_same_content(seed, monkeypatch):
    import dataclasses

    from build_tools import actor_map as module
    from build_tools.errors import Location
    from build_tools.memo import Memo

    memo = Memo()
    slug = seed.articles[0].slug
    first = actor_map(seed, "", compact=True, article=slug, href_prefix="x/", remember=memo.remember)

    def no_drawing(*args, **kwargs):
        raise AssertionError("an unchanged map was drawn again")

    with monkeypatch.context() as patched:
        patched.setattr(module, "_svg", no_drawing)
        # Moving an entry within glossary.yml changes where it is written, not what the map shows.
        moved = dataclasses.replace(seed, entities=tuple(dataclasses.replace(e, location=Location("glossary.yml", 999)) for e in seed.entities))
        assert actor_map(moved, "", compact=True, article=slug, href_prefix="x/", remember=memo.remember) == first
    # Renaming a drawn entry, or linking elsewhere, draws the map anew: the same as with no cache at all.
    drawn = first.nodes[0]
    renamed = dataclasses.replace(seed, entities=tuple(dataclasses.replace(e, name=e.name + " Renamed") if e.id == drawn else e for e in seed.entities))
    again = actor_map(renamed, "", compact=True, article=slug, href_prefix="x/", remember=memo.remember)
    assert again == actor_map(renamed, "", compact=True, article=slug, href_prefix="x/") and "Renamed" in again.svg
    assert actor_map(seed, "", compact=True, article=slug, href_prefix="y/", remember=memo.remember) == actor_map(seed, "", compact=True, article=slug, href_prefix="y/")


# -- the table ----------------------------------------------------------------------------------


def table_rows(table_markdown: str) -> dict[str, str]:
    rows = [line for line in table_markdown.splitlines() if line.startswith("| [")]
    return {re.match(r"\| \[([^\]]*)\]", row).group(1): row for row in rows}


def test_table_has_a_row_per_connected_entity_with_links_and_weights(small):
    result = actor_map(small, "../glossary/", href_prefix="")
    assert "| Entity | Connected with (shared paragraphs) |" in result.table_markdown
    rows = table_rows(result.table_markdown)
    assert set(rows) == {"Alpha Person", "Beta Land", "Gamma Organisation", "A &amp; B &lt;C&gt; \"quoted\" it's"}  # not the loner, not delta
    assert rows["Alpha Person"] == (
        "| [Alpha Person](../glossary/alpha.md) | [Beta Land](../glossary/beta.md) (3), [Gamma Organisation](../glossary/gamma.md) (1) |"
    )
    assert rows["Gamma Organisation"].count("](../glossary/") == 4  # itself and three others


def test_seed_table_lists_every_connection(seed):
    result = actor_map(seed, "", href_prefix="")
    rows = table_rows(result.table_markdown)
    names = {e.id: e.name for e in seed.entities}
    degree = Counter()
    for a, b, _ in result.edges:
        degree[a] += 1
        degree[b] += 1
    assert len(rows) == len(degree)
    for entity_id, count in degree.items():
        row = next(row for row in rows.values() if f"]({entity_id}.md) |" in row.split(" | ")[0] + " |")
        assert row.count(".md) (") == count, names[entity_id]


def test_large_briefings_draw_the_most_mentioned_and_say_what_was_left_out():
    briefing = big_briefing()
    mentioned = len({m.entity_id for m in briefing.mentions})
    for compact, top in ((False, TOP_FULL), (True, TOP_COMPACT)):
        result = actor_map(briefing, "", compact=compact, href_prefix="")
        assert len(result.nodes) == top and result.omitted == mentioned - top
        counts = Counter(m.entity_id for m in briefing.mentions)
        assert min(counts[i] for i in result.nodes) >= max(counts[i] for i in counts if i not in result.nodes)
        assert f"{mentioned - top} left out" in result.caption
        assert parse(result.svg).find(f"{NS}desc").text == result.caption
        assert result.caption in result.table_markdown.replace("\\", "")
        assert len(links(parse(result.svg))) == top
        # The table still lists every connected entity, drawn or not.
        assert len(table_rows(result.table_markdown)) == len({i for a, b, _ in result.edges for i in (a, b)})


def test_a_map_with_nothing_to_show_is_still_valid(small):
    result = actor_map(small, "", article="missing", href_prefix="")
    root = parse(result.svg)
    assert links(root) == [] and result.edges == () and result.nodes == ()
    assert "No glossary entry" in result.table_markdown
    assert isinstance(result, ActorMap)


def test_drawing_maps_loads_no_numerical_library():
    """The layout is plain Python: a cold build of a small briefing must not pay for importing numpy."""
    drawn = "from build_tools.build import generate; from pathlib import Path; generate(Path('seeds'), Path('templates'), cache=Path('/nonexistent'))"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", drawn], cwd=ROOT, capture_output=True, text=True, check=True)
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "build_tools" in imported
    assert not imported & {"networkx", "numpy", "scipy"}


def test_a_table_row_lists_the_strongest_partners_then_how_many_more():
    hub = entity("hub", "Hub", "country")
    others = [entity(f"p{n:02d}", f"Partner {n:02d}", "person") for n in range(35)]
    mentions = tuple(m for n, other in enumerate(others) for m in (mention("hub", "a", 1, n + 1), mention(other.id, "a", 1, n + 1)))
    briefing = Briefing(entities=(hub, *others), articles=(article("a", 1, 35),), mentions=mentions)
    row = next(line for line in actor_map(briefing, "", href_prefix="").table_markdown.splitlines() if line.startswith("| [Hub]"))
    assert row.count("](p") == 30 and row.endswith(", and 5 more |")


@pytest.mark.parametrize("map_of", ["small", "seed", "seed-article"])
def test_the_html_table_says_what_the_markdown_table_says(small, seed, map_of):
    briefing, article = {"small": (small, None), "seed": (seed, None), "seed-article": (seed, seed.articles[0].slug)}[map_of]
    result = actor_map(briefing, "../glossary/", article=article, compact=article is not None, href_prefix="../../glossary/")
    # The Markdown table as MkDocs shows it, its links to pages written as the site's addresses.
    from_markdown = BeautifulSoup(markdown.markdown(result.table_markdown.replace(".md)", "/)"), extensions=["tables"]), "html.parser")
    from_html = BeautifulSoup(result.table_html, "html.parser")

    def rows(soup):
        return [[(cell.get_text(), [a["href"] for a in cell.select("a")]) for cell in row.select("td")] for row in soup.select("tbody tr")]

    assert rows(from_html) == [[(text, [href.replace("../glossary/", "../../glossary/") for href in hrefs]) for text, hrefs in row] for row in rows(from_markdown)]
    assert from_html.select_one("p").get_text() == result.caption == from_markdown.select_one("p").get_text()
    assert [th.get_text() for th in from_html.select("th")] == ["Entity", "Connected with (shared paragraphs)"]


def test_an_article_page_holds_a_stand_in_of_the_maps_size_and_fetches_the_drawing_and_table(seed):
    result = actor_map(seed, "../glossary/", article=seed.articles[0].slug, compact=True, href_prefix="../../glossary/")
    stand_in = result.stand_in("assets/briefing/maps/a.html")
    assert "\n\n" not in stand_in  # one raw HTML block in Markdown
    assert STAND_IN.fullmatch(stand_in).group(1) == "assets/briefing/maps/a.html"  # as the offline copy finds it
    frame = BeautifulSoup(stand_in, "html.parser").select_one("div.actor-map-frame")
    assert frame["data-actor-map"] == "assets/briefing/maps/a.html" and frame.has_attr("data-search-exclude")
    empty = frame.select_one("figure.actor-map.actor-map--compact > div.actor-map__canvas > svg.actor-map-svg")
    assert empty["viewbox"] == parse(result.svg).get("viewBox") and empty["width"] == "100%" and empty["aria-hidden"] == "true"
    assert not empty.find_all(True) and not frame.select("a, table")
    assert frame.select_one("figcaption").get_text() == result.caption
    assert frame.select_one("details.actor-map__table > summary").get_text() == "The same connections as a table"
    fetched = BeautifulSoup(result.fragment, "html.parser")
    assert [child.name for child in fetched.find_all(recursive=False)] == ["figure", "details"]
    assert len(links(parse(str(fetched.select_one("svg"))))) == len(result.nodes)
    assert fetched.select_one("details > summary").get_text() == "The same connections as a table"
    assert str(fetched.select_one("details table")) == str(BeautifulSoup(result.table_html, "html.parser").select_one("table"))
