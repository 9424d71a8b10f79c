"""The actor map: who is mentioned with whom, as an inline SVG and an equivalent Markdown table.

Pure: a Briefing in, strings out. Two entities are connected when they are named in the same
paragraph; an edge's weight is the number of paragraphs they share. Entities never mentioned
are left out.

The drawing:
  - nodes: shape and fill colour by entity type (never colour alone), area by
    mention count; each node and its label are one SVG link to the entity's glossary page;
  - edges: stroke width by weight;
  - layout: a seeded force-directed (spring) layout, then a pass that pushes apart nodes and
    label boxes until none overlap (text width estimated as characters x font size x 0.6);
  - only the TOP_FULL (TOP_COMPACT) most mentioned entities are drawn, and the strongest edges
    among them; the desc and the caption say how many were left out. The table lists every
    connection of every entity.

Accessibility: the root <svg> is role="group" named by its <title> and described by its <desc>,
not role="img": an image's children are presentational, so its node links would be focusable
but hidden from screen readers (axe: nested-interactive). Each node link is named by its own
<title>; the lines are aria-hidden (the table says the same).

Links: Markdown links (the table) are rewritten by MkDocs, raw HTML links (the SVG) are not, so
the table links `{link_prefix}{id}.md` and the SVG `{href_prefix}{id}/`, a site URL relative to
the page the map is shown on ("../../glossary/" from an article page, "./" or "" from
glossary/index.md).

An article page does not carry its compact map: it holds a stand-in of the same size
(ActorMap.stand_in) and fetches the drawing and its table (ActorMap.fragment, raw HTML whose table
links `{href_prefix}{id}/` too) when the reader nears it (templates/assets/actor-map.js).
"""
from __future__ import annotations

import heapq
import json
import math
import random
import re
import textwrap
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import astuple, dataclass, fields

from .escape import escape_text, html_text, xml_text
from .memo import Remember, compute, source_digest
from .memo import key as memo_key
from .model import ENTITY_TYPES, TYPE_LABELS, Briefing, Entity, Mention

TOP_FULL = 40  # nodes drawn on the full map
TOP_COMPACT = 15  # nodes drawn on a compact (per-article) map
EDGES_PER_NODE_FULL = 4  # at most this many edges per drawn node, strongest first
EDGES_PER_NODE_COMPACT = 2
SPRING_K = 1.4  # the layout's natural distance between nodes, times 1/sqrt(nodes)
SPRING_ROUNDS = 50  # rounds of the force-directed layout, as the temperature cools
HUB_PULL = 0.05  # how hard the hidden hub at the centre pulls every node
SPREAD = 0.5  # how much each coordinate follows its rank rather than its value
LAYOUT_SEED = 20150426  # the election's date: any fixed number keeps the drawing stable
CHAR_WIDTH = 0.6  # estimated glyph advance, in font sizes
LINE_HEIGHT = 1.2  # in font sizes
LABEL_LINE_CHARS = 20  # a longer label wraps
GAP = 3.0  # minimum distance kept between any two boxes (node or label), in SVG units

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"  # a namespace name: never fetched

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), plus a shape
# per type so that no information is carried by colour alone.
TYPE_STYLE: dict[str, dict[str, str]] = {
    "person": {"fill": "#E69F00", "shape": "circle"},
    "country": {"fill": "#56B4E9", "shape": "square"},
    "organization": {"fill": "#009E73", "shape": "hexagon"},
    "place": {"fill": "#F0E442", "shape": "triangle"},
    "event": {"fill": "#D55E00", "shape": "diamond"},
    "concept": {"fill": "#CC79A7", "shape": "star"},
    "media": {"fill": "#0072B2", "shape": "pill"},
}
# Defaults for a map shown without briefing.css; the stylesheet overrides them with the
# theme's colours (presentation attributes lose to any CSS rule).
TEXT_COLOUR = "#1a1a1a"
HALO_COLOUR = "#ffffff"
EDGE_COLOUR = "#6b6b6b"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (
            self.x < other.right + gap
            and other.x < self.right + gap
            and self.y < other.bottom + gap
            and other.y < self.bottom + gap
        )


FRAME = '<div class="actor-map-frame" data-search-exclude'  # opens the stand-in, and the fetched map's place


@dataclass(frozen=True)
class ActorMap:
    svg: str  # standalone inline SVG, one line per element, no blank line (safe in Markdown)
    edges: tuple[tuple[str, str, int], ...]  # every connection (a < b), sorted, with shared paragraphs
    table_markdown: str  # caption paragraph + Markdown table of every connection
    caption: str  # plain text: what is drawn and what was left out (also the SVG's desc)
    nodes: tuple[str, ...]  # ids of the drawn entities, most mentioned first
    omitted: int  # mentioned entities not drawn
    figure: str  # <figure class="actor-map"> holding the SVG (in a div that scrolls on phones) and a figcaption
    table_html: str  # the table_markdown as HTML, its links `{href_prefix}{id}/` (for the fragment)

    def stand_in(self, source: str) -> str:
        """What a page shows in place of the figure and its table until actor-map.js replaces it with
        the fragment fetched from `source` (a path from the site's root): the same figure, caption
        and closed table, with an empty SVG of the drawing's view box, so nothing moves when it comes."""
        view_box = re.search(r'viewBox="([^"]*)"', self.svg).group(1)
        empty = f'<svg xmlns="{SVG_NS}" class="actor-map-svg" viewBox="{view_box}" width="100%" aria-hidden="true"></svg>'
        figure = self.figure.replace(self.svg, empty)
        return f'{FRAME} data-actor-map="{xml_text(source)}">\n{figure}\n{_folded("")}</div>'

    @property
    def fragment(self) -> str:
        """The figure and its table (HTML), as the stand-in's frame holds them once fetched."""
        return f"{self.figure}\n{_folded(self.table_html)}"


def _folded(table: str) -> str:
    """The table folded under its summary, as the fragment holds it and, empty, the stand-in."""
    return f'<details class="actor-map__table">\n<summary>{TABLE_SUMMARY}</summary>\n{table}</details>\n'



@dataclass(frozen=True)
class _Settings:
    top: int
    edges_per_node: int
    width: float  # the area the layout is scaled into, before overlap removal
    height: float
    font: float
    radius: tuple[float, float]  # smallest and largest node radius
    stroke: tuple[float, float]  # thinnest and thickest edge


FULL = _Settings(TOP_FULL, EDGES_PER_NODE_FULL, 720.0, 480.0, 13.0, (8.0, 20.0), (1.0, 7.0))
COMPACT = _Settings(TOP_COMPACT, EDGES_PER_NODE_COMPACT, 340.0, 240.0, 13.0, (7.0, 13.0), (1.0, 5.0))


# -- the graph ------------------------------------------------------------------------------


def connections(known: Collection[str], mentions: Iterable[Mention]) -> tuple[Counter[str], dict[tuple[str, str], int]]:
    """Mentions per entity, and shared paragraphs per pair (a < b), over the mentions given.

    The caller passes one article's mentions for its compact map: filtering every mention of
    the briefing once per article would make a briefing of N articles cost N² here.
    """
    counts: Counter[str] = Counter()
    by_paragraph: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.entity_id not in known:
            continue
        counts[mention.entity_id] += 1
        by_paragraph[(mention.article, mention.section, mention.paragraph)].add(mention.entity_id)
    weights: Counter[tuple[str, str]] = Counter()
    for ids in by_paragraph.values():
        ordered = sorted(ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                weights[(a, b)] += 1
    return counts, dict(weights)


# -- text -----------------------------------------------------------------------------------


# Written out rather than imported from xml.sax.saxutils, which pulls in urllib and http.client at start-up.
def label_lines(entity: Entity) -> tuple[str, ...]:
    """The node's label: the name on up to two lines; a longer one gives its acronym, or three lines."""
    lines = textwrap.wrap(" ".join(entity.name.split()), LABEL_LINE_CHARS) or [entity.id]
    if len(lines) <= 2:
        return tuple(lines)
    if entity.acronym:
        return (entity.acronym,)
    if len(lines) > 3:
        lines[2] = lines[2][: LABEL_LINE_CHARS - 1].rstrip() + "…"
    return tuple(lines[:3])


def label_size(lines: tuple[str, ...], font: float) -> tuple[float, float]:
    """Estimated width and height of a label: characters x font size x CHAR_WIDTH."""
    return max(len(line) for line in lines) * font * CHAR_WIDTH, len(lines) * font * LINE_HEIGHT


def _text_origin(box: Box, anchor: str, font: float) -> tuple[float, float]:
    x = {"start": box.x, "middle": box.x + box.width / 2, "end": box.right}[anchor]
    return x, box.y + font * 0.95


# -- shapes ---------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.removesuffix(".0")


def _polygon(cx: float, cy: float, points: list[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{_fmt(cx + x)} {_fmt(cy + y)}" for x, y in points) + " Z"


def shape_element(kind: str, cx: float, cy: float, r: float, extra: str) -> str:
    """One node's shape centred on (cx, cy), fitting in the box of half-size r."""
    shape = TYPE_STYLE[kind]["shape"]
    if shape == "circle":
        return f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(r)}"{extra}/>'
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{_fmt(cx - s)}" y="{_fmt(cy - s)}" width="{_fmt(2 * s)}" height="{_fmt(2 * s)}"{extra}/>'
    if shape == "pill":
        h = r * 0.6
        return f'<rect x="{_fmt(cx - r)}" y="{_fmt(cy - h)}" width="{_fmt(2 * r)}" height="{_fmt(2 * h)}" rx="{_fmt(h)}"{extra}/>'
    if shape == "hexagon":
        points = [(r * math.cos(math.pi / 3 * i), r * math.sin(math.pi / 3 * i)) for i in range(6)]
    elif shape == "triangle":
        points = [(0.0, -r), (r, r * 0.8), (-r, r * 0.8)]
    elif shape == "diamond":
        points = [(0.0, -r), (r, 0.0), (0.0, r), (-r, 0.0)]
    else:  # star: five points
        points = [
            ((r if i % 2 == 0 else r * 0.45) * math.sin(math.pi / 5 * i), -(r if i % 2 == 0 else r * 0.45) * math.cos(math.pi / 5 * i))
            for i in range(10)
        ]
    return f'<path d="{_polygon(cx, cy, points)}"{extra}/>'


def _shape_attributes(kind: str) -> str:
    return f' class="actor-map-shape" fill="{TYPE_STYLE[kind]["fill"]}" stroke="{TEXT_COLOUR}" stroke-width="1.5"'


# -- layout ---------------------------------------------------------------------------------


def _spring_positions(ids: list[str], weights: dict[tuple[str, str], int]) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1]² from a force-directed layout (Fruchterman and Reingold's), seeded:
    the same input gives the same drawing.

    Every pair of nodes repels (k²/d) and every edge pulls (weight·d²/k); each round moves a node
    by the temperature along its net force, and the temperature cools to nothing. Written out
    rather than taken from networkx: importing networkx and numpy cost a cold build of the seed
    more time than everything else the generator does, and a map has at most TOP_FULL nodes.
    """
    if len(ids) == 1:
        return {ids[0]: (0.0, 0.0)}
    # A hidden hub, weakly tied to every node, keeps unconnected entities and small groups
    # from drifting to the edges and squeezing the rest of the drawing.
    hub = len(ids)
    count = hub + 1
    index = {node: i for i, node in enumerate(ids)}
    pull = [[HUB_PULL if hub in (i, j) else 0.0 for j in range(count)] for i in range(count)]
    strongest = max(weights.values(), default=1)
    for (a, b), weight in weights.items():
        pull[index[a]][index[b]] = pull[index[b]][index[a]] = 0.2 + weight / strongest
    rng = random.Random(LAYOUT_SEED)
    xs = [rng.random() for _ in range(count)]
    ys = [rng.random() for _ in range(count)]
    points = [complex(x, y) for x, y in zip(xs, ys)]  # complex arithmetic: a point's two coordinates in one step
    k = SPRING_K / math.sqrt(len(ids))
    k2 = k * k
    temperature = 0.1 * max(max(xs) - min(xs), max(ys) - min(ys))
    cooling = temperature / (SPRING_ROUNDS + 1)
    for _ in range(SPRING_ROUNDS):
        forces = [0j] * count
        for i in range(count):
            here, row, total = points[i], pull[i], 0j
            for j in range(i + 1, count):
                delta = here - points[j]
                distance = abs(delta)
                if distance < 0.01:
                    distance = 0.01
                push = delta * (k2 / (distance * distance) - row[j] * distance / k)
                total += push
                forces[j] -= push
            forces[i] += total
        for i, force in enumerate(forces):
            length = abs(force)
            points[i] += force * (temperature / (length if length >= 0.01 else 0.1))
        temperature -= cooling
    xs, ys = [p.real for p in points], [p.imag for p in points]
    return dict(zip(ids, zip(_spread(xs[:hub]), _spread(ys[:hub]))))


def _spread(values: list[float]) -> list[float]:
    """Coordinates scaled to [-1, 1], each blended with its rank so that a dense core opens up
    and far-flung entities come closer (order along the axis is kept)."""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    order = sorted(range(len(values)), key=lambda i: (values[i], i))
    rank = [0.0] * len(values)
    for position, index in enumerate(order):
        rank[index] = position / max(len(values) - 1, 1)
    return [round(2 * ((1 - SPREAD) * (v - low) / span + SPREAD * rank[i]) - 1, 6) for i, v in enumerate(values)]


@dataclass
class _Unit:
    """A node and its label, moved together."""

    id: str
    x: float
    y: float
    r: float
    lines: tuple[str, ...]
    label_w: float
    label_h: float
    side: str = "right"

    def node_box(self) -> Box:
        return Box(self.x - self.r, self.y - self.r, 2 * self.r, 2 * self.r)

    def label_box(self) -> Box:
        w, h, r = self.label_w, self.label_h, self.r
        if self.side == "right":
            return Box(self.x + r + GAP, self.y - h / 2, w, h)
        if self.side == "left":
            return Box(self.x - r - GAP - w, self.y - h / 2, w, h)
        if self.side == "below":
            return Box(self.x - w / 2, self.y + r + GAP, w, h)
        return Box(self.x - w / 2, self.y - r - GAP - h, w, h)  # above

    def boxes(self) -> tuple[Box, Box]:
        return self.node_box(), self.label_box()

    @property
    def anchor(self) -> str:
        return {"right": "start", "left": "end"}.get(self.side, "middle")


SIDES = ("right", "left", "below", "above")


def _choose_sides(units: list[_Unit]) -> None:
    """Most important first, put each label on the side where it covers the least."""
    # Boxes as (left, top, right, bottom) with the gap added: this pass compares every label with
    # every box placed, the map's most frequent sum.
    def edges(box: Box) -> tuple[float, float, float, float]:
        return box.x, box.y, box.right + GAP, box.bottom + GAP

    placed = [edges(u.node_box()) for u in units]
    for number, unit in enumerate(units):
        best, best_cost = "right", math.inf
        for rank, side in enumerate(SIDES):
            unit.side = side
            left, top, right, bottom = edges(unit.label_box())
            cost = rank * 0.01
            for index, (x0, y0, x1, y1) in enumerate(placed):
                w = min(right, x1) - max(left, x0)
                h = min(bottom, y1) - max(top, y0)
                if w > 0 and h > 0 and index != number:
                    cost += w * h
            if cost < best_cost:
                best, best_cost = side, cost
        unit.side = best
        placed.append(edges(unit.label_box()))


def _any_overlap(units: list[_Unit], gap: float = GAP) -> bool:
    boxes = [unit.boxes() for unit in units]  # each unit's two boxes made once, not once per pair
    for i, own in enumerate(boxes):
        for other in boxes[i + 1 :]:
            if any(p.overlaps(q, gap) for p in own for q in other):
                return True
    return False


def _first_overlap(a: _Unit, b: _Unit) -> tuple[Box, Box, float, float] | None:
    for p in a.boxes():
        for q in b.boxes():
            dx = min(p.right, q.right) + GAP - max(p.x, q.x)
            dy = min(p.bottom, q.bottom) + GAP - max(p.y, q.y)
            if dx > 0 and dy > 0:
                return p, q, dx, dy
    return None


def _bounds(unit: _Unit) -> Box:
    node, label = unit.boxes()
    left, top = min(node.x, label.x), min(node.y, label.y)
    return Box(left, top, max(node.right, label.right) - left, max(node.bottom, label.bottom) - top)


def _push_apart(units: list[_Unit]) -> bool:
    """One round: move both units of every overlapping pair apart along the axis of the smaller overlap."""
    moved = False
    bounds = [_bounds(u) for u in units]
    for i, a in enumerate(units):
        for j in range(i + 1, len(units)):
            if not bounds[i].overlaps(bounds[j], GAP):
                continue
            b = units[j]
            found = _first_overlap(a, b)
            if found is None:
                continue
            p, q, dx, dy = found
            moved = True
            if dx <= dy:
                direction = (p.x + p.width / 2) - (q.x + q.width / 2) or (-1.0 if i % 2 else 1.0)
                step = math.copysign(dx / 2 + 0.5, direction)
                a.x, b.x = a.x + step, b.x - step
            else:
                direction = (p.y + p.height / 2) - (q.y + q.height / 2) or (-1.0 if i % 2 else 1.0)
                step = math.copysign(dy / 2 + 0.5, direction)
                a.y, b.y = a.y + step, b.y - step
            bounds[i], bounds[j] = _bounds(a), _bounds(b)
    return moved


def remove_overlaps(units: list[_Unit], rounds: int = 30, expansions: int = 25) -> None:
    """Move units (each node with its label) until no node or label box comes within GAP of another.

    Pairwise pushes settle most drawings; where a crowd jams, the whole drawing is spread out
    from its centre by 15 % (boxes keep their size) and pushing resumes. Should even that not
    settle, the units are laid out on a grid, which cannot overlap.
    """
    for _ in range(expansions):
        for _ in range(rounds):
            if not _push_apart(units):
                return
        cx = sum(u.x for u in units) / len(units)
        cy = sum(u.y for u in units) / len(units)
        for unit in units:
            unit.x, unit.y = cx + (unit.x - cx) * 1.15, cy + (unit.y - cy) * 1.15
    if _any_overlap(units):
        _grid(units)


def _grid(units: list[_Unit]) -> None:
    """A fallback that cannot overlap: every unit in its own cell, labels to the right."""
    for unit in units:
        unit.side = "right"
    cell_w = max(2 * u.r + GAP + u.label_w for u in units) + 2 * GAP
    cell_h = max(max(2 * u.r, u.label_h) for u in units) + 2 * GAP
    columns = max(1, math.ceil(math.sqrt(len(units))))
    for index, unit in enumerate(units):
        row, column = divmod(index, columns)
        unit.x, unit.y = column * cell_w + unit.r, row * cell_h + cell_h / 2


# -- the whole map --------------------------------------------------------------------------


def actor_map(
    briefing: Briefing,
    link_prefix: str,
    article: str | None = None,
    compact: bool = False,
    *,
    href_prefix: str,
    mentions: Iterable[Mention] | None = None,
    remember: Remember = compute,
    entities: dict[str, Entity] | None = None,
) -> ActorMap:
    """The actor map of the whole briefing, or of one article's mentions.

    link_prefix: before `{id}.md` in the table's Markdown links (as the page's other glossary links);
    href_prefix: before `{id}/` in the SVG's links, which MkDocs does not rewrite: a site URL
    relative to the page ("../../glossary/" from an article, "" from the glossary index);
    mentions: the mentions to count, when the caller has them at hand (default: the briefing's,
    or the article's among them);
    remember: where drawings and placements of earlier builds are asked for by digest of their input
    (see memo.py); with a cache, an unchanged map is neither laid out nor drawn again;
    entities: the briefing's entities by id, when the caller has them (one map per article must not
    rebuild a dict of the whole glossary each time).
    """
    settings = COMPACT if compact else FULL
    entities = {e.id: e for e in briefing.entities} if entities is None else entities
    if mentions is None:
        mentions = briefing.mentions if article is None else briefing.mentions.in_article(article)
    counts, weights = connections(entities, mentions)
    degree: Counter[str] = Counter()
    for (a, b), weight in weights.items():
        degree[a] += weight
        degree[b] += weight

    def importance(entity_id: str) -> tuple:
        return (-counts[entity_id], -degree[entity_id], entities[entity_id].name.casefold(), entity_id)

    edges = tuple(sorted((a, b, w) for (a, b), w in weights.items()))
    id_base = "actor-map-" + (article or "all") + ("-compact" if compact else "")
    # Everything the drawing and the table read: the counts, the connections and the entries named.
    drawing_key = memo_key(
        source_digest(__file__),
        json.dumps([compact, link_prefix, href_prefix, id_base, sorted(counts.items()), edges, [_content(entities[i]) for i in sorted(counts)]]),
    )

    def draw() -> dict:
        ranked = sorted(counts, key=importance)
        drawn = ranked[: settings.top]
        omitted = len(ranked) - len(drawn)
        kept = set(drawn)
        among = sorted(((pair, w) for pair, w in weights.items() if pair[0] in kept and pair[1] in kept), key=lambda item: (-item[1], item[0]))
        drawn_edges = dict(sorted(_strongest(among, settings.edges_per_node * max(len(drawn), 1))))

        caption = _caption(len(ranked), len(drawn), omitted, len(weights), len(drawn_edges), article)
        rows = _table_rows(entities, ranked, weights)
        table = _table(entities, rows, link_prefix, caption)
        table_html = _table_html(entities, rows, href_prefix, caption)
        units = _place(entities, counts, drawn, dict(among), settings, remember)
        svg = _svg(entities, counts, units, drawn_edges, settings, href_prefix, caption, id_base, article)
        return {"svg": svg, "table": table, "table_html": table_html, "caption": caption, "nodes": drawn, "omitted": omitted}

    drawing = remember(drawing_key, draw, lambda known: _is_drawing(known, counts))
    return _assembled(edges, compact, **drawing)


# An entry's content, not where it is written: moving it in glossary.yml does not redraw every map.
_ENTITY_FIELDS = tuple(f.name for f in fields(Entity) if f.compare)


def _content(entity: Entity) -> str:
    return repr(tuple(getattr(entity, name) for name in _ENTITY_FIELDS))


def _assembled(edges: tuple, compact: bool, svg: str, table: str, table_html: str, caption: str, nodes: list[str], omitted: int) -> ActorMap:
    figure = (
        f'<figure class="actor-map{" actor-map--compact" if compact else ""}" data-search-exclude>\n<div class="actor-map__canvas">\n{svg}\n</div>\n'
        f"<figcaption>{xml_text(caption)}</figcaption>\n</figure>"
    )
    return ActorMap(
        svg=svg, edges=edges, table_markdown=table, caption=caption, nodes=tuple(nodes), omitted=omitted, figure=figure, table_html=table_html
    )


def _is_drawing(known, counts: Counter[str]) -> bool:
    """A cached drawing is used only when it has the right shape (the cache file is not trusted)."""
    return (
        isinstance(known, dict)
        and set(known) == {"svg", "table", "table_html", "caption", "nodes", "omitted"}
        and all(isinstance(known[name], str) for name in ("svg", "table", "table_html", "caption"))
        and isinstance(known["nodes"], list)
        and all(isinstance(node, str) and node in counts for node in known["nodes"])
        and isinstance(known["omitted"], int)
        and known["omitted"] == len(counts) - len(known["nodes"])
    )


def _strongest(ranked: list[tuple[tuple[str, str], int]], limit: int) -> list[tuple[tuple[str, str], int]]:
    """The edges to draw, from a list strongest first: each node's strongest edge, so that no
    connected node looks alone, then the strongest others up to `limit`."""
    chosen: dict[tuple[str, str], int] = {}
    seen: set[str] = set()
    for pair, weight in ranked:
        if pair[0] not in seen or pair[1] not in seen:
            chosen[pair] = weight
            seen.update(pair)
    for pair, weight in ranked:
        if len(chosen) >= limit:
            break
        chosen.setdefault(pair, weight)
    return list(chosen.items())


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _caption(total: int, drawn: int, omitted: int, pairs: int, drawn_pairs: int, article: str | None) -> str:
    where = "this article" if article else "the articles"
    if not total:
        return f"No glossary entry is mentioned in {where}."
    text = (
        f"{_plural(total, 'entity', 'entities')} mentioned in {where}, with {_plural(pairs, 'connection')}: "
        "a line joins two entities named in the same paragraph, thicker the more paragraphs they share; "
        "shape and colour give the type, size the number of mentions."
    )
    if omitted:
        text += f" The map shows the {drawn} most mentioned; {omitted} left out."
    if drawn_pairs < pairs:
        text += f" It draws {_plural(drawn_pairs, 'connection')} of {pairs}."
    if omitted or drawn_pairs < pairs:
        text += " The table lists every connection."
    return text


TABLE_PARTNERS = 30  # per row; a dense briefing of thousands of entries would otherwise list millions of pairs


TABLE_HEADINGS = ("Entity", "Connected with (shared paragraphs)")
TABLE_SUMMARY = "The same connections as a table"  # an article page's table is folded under this

# A stand-in as a built page holds it (Markdown passes the raw HTML through as written): how the
# offline copy finds each one to write the map in, in the same frame without the address (offline.py).
STAND_IN = re.compile(re.escape(FRAME) + r' data-actor-map="([^"]*)">\n.*?' + re.escape(_folded("") + "</div>"), re.S)


def _table_rows(entities: dict[str, Entity], ranked: list[str], weights: dict[tuple[str, str], int]) -> list[tuple[str, list[tuple[str, int]], int]]:
    """Each connected entity by name: its strongest partners (id, shared paragraphs) and how many more it has."""
    partners: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (a, b), weight in weights.items():
        partners[a].append((b, weight))
        partners[b].append((a, weight))
    by_name = {entity_id: (entities[entity_id].name.casefold(), entity_id) for entity_id in entities}
    rows = []
    for entity_id in sorted((i for i in ranked if partners[i]), key=by_name.__getitem__):
        # Only the strongest partners are shown, so pick them without sorting every pair.
        others = heapq.nsmallest(TABLE_PARTNERS, partners[entity_id], key=lambda pair: (-pair[1], by_name[pair[0]]))
        rows.append((entity_id, others, max(len(partners[entity_id]) - TABLE_PARTNERS, 0)))
    return rows


def _more(count: int) -> str:
    return f", and {count} more" if count else ""


def _table(entities: dict[str, Entity], rows: list, link_prefix: str, caption: str) -> str:
    def link(entity_id: str) -> str:
        return f"[{escape_text(entities[entity_id].name)}]({link_prefix}{entity_id}.md)"

    if not rows:
        return escape_text(caption) + "\n"
    lines = [f"| {link(entity_id)} | {', '.join(f'{link(o)} ({w})' for o, w in others)}{_more(more)} |" for entity_id, others, more in rows]
    return escape_text(caption) + f"\n\n| {' | '.join(TABLE_HEADINGS)} |\n| --- | --- |\n" + "\n".join(lines) + "\n"


def _table_html(entities: dict[str, Entity], rows: list, href_prefix: str, caption: str) -> str:
    """The same table as HTML, for a page that fetches it: links are site URLs relative to that page, as the SVG's."""
    def link(entity_id: str) -> str:
        return f'<a href="{xml_text(href_prefix + entity_id + "/")}">{xml_text(entities[entity_id].name)}</a>'

    paragraph = f"<p>{html_text(caption)}</p>\n"
    if not rows:
        return paragraph
    lines = [f"<tr><td>{link(entity_id)}</td><td>{', '.join(f'{link(o)} ({w})' for o, w in others)}{_more(more)}</td></tr>" for entity_id, others, more in rows]
    head = "".join(f"<th>{heading}</th>" for heading in TABLE_HEADINGS)
    return paragraph + f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(lines) + "\n</tbody>\n</table>\n"


def _place(
    entities: dict[str, Entity],
    counts: Counter[str],
    drawn: list[str],
    among: dict[tuple[str, str], int],
    settings: _Settings,
    remember: Remember,
) -> list[_Unit]:
    """Nodes and labels placed without overlap: the spring layout, then the label pass.

    Both are deterministic, and together they are most of a map's cost, so their result is
    remembered under a digest of everything they read; an unchanged map is not laid out again.
    """
    font = settings.font
    r_min, r_max = settings.radius
    top_count = max((counts[i] for i in drawn), default=1)
    units: list[_Unit] = []
    for entity_id in drawn:
        lines = label_lines(entities[entity_id])
        width, height = label_size(lines, font)
        r = r_min + (r_max - r_min) * math.sqrt(counts[entity_id] / top_count)
        units.append(_Unit(id=entity_id, x=0.0, y=0.0, r=r, lines=lines, label_w=width, label_h=height))
    if not units:
        return units
    key = memo_key(source_digest(__file__), json.dumps([astuple(settings), [[u.id, u.r, u.lines] for u in units], sorted(among.items())]))

    def lay_out() -> list[list]:
        positions = _spring_positions(drawn, among)  # every edge among the drawn pulls
        for unit in units:
            px, py = positions[unit.id]
            unit.x, unit.y = (px + 1) / 2 * settings.width, (py + 1) / 2 * settings.height
        _choose_sides(units)
        remove_overlaps(units)
        for unit in units:  # settle on the printed numbers (0.1 apart), so what is checked is what is drawn
            unit.x, unit.y = round(unit.x, 1), round(unit.y, 1)
        if _any_overlap(units, GAP / 2):
            _grid(units)
        return [[u.x, u.y, u.side] for u in units]

    for unit, (x, y, side) in zip(units, remember(key, lay_out, lambda known: _fits(known, len(units)))):
        unit.x, unit.y, unit.side = x, y, side
    return units


def _fits(known, count: int) -> bool:
    """A cached placement is used only when it has the right shape (the cache file is not trusted)."""
    return (
        isinstance(known, list)
        and len(known) == count
        and all(
            isinstance(item, list) and len(item) == 3 and all(isinstance(v, (int, float)) and math.isfinite(v) for v in item[:2]) and item[2] in SIDES
            for item in known
        )
    )


def _svg(
    entities: dict[str, Entity],
    counts: Counter[str],
    units: list[_Unit],
    edges: dict[tuple[str, str], int],
    settings: _Settings,
    href_prefix: str,
    caption: str,
    id_base: str,
    article: str | None,
) -> str:
    font = settings.font
    drawn = [u.id for u in units]

    boxes = [box for unit in units for box in unit.boxes()]
    margin = 8.0
    left = min((b.x for b in boxes), default=0.0) - margin
    top = min((b.y for b in boxes), default=0.0) - margin
    right = max((b.right for b in boxes), default=settings.width / 2) + margin
    bottom = max((b.bottom for b in boxes), default=0.0) + margin

    legend, legend_height, legend_width = _legend(
        [kind for kind in ENTITY_TYPES if any(entities[i].type == kind for i in drawn)], left + margin, bottom + 4, font, right - left - 2 * margin
    )
    right = max(right, left + legend_width + 2 * margin)
    bottom += legend_height + (8 if legend else 0)

    title = "Actor map of this article" if article else "Actor map of the briefing"
    where = {u.id: u for u in units}
    s_min, s_max = settings.stroke
    top_weight = max(edges.values(), default=1)
    out = [
        (
            f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}" class="actor-map-svg" viewBox="{_fmt(left)} {_fmt(top)} {_fmt(right - left)} {_fmt(bottom - top)}"'
            f' width="100%" role="group" aria-labelledby="{id_base}-title" aria-describedby="{id_base}-desc"'
            f' font-family="{xml_text(FONT_FAMILY)}" font-size="{_fmt(font)}">'
        ),
        f'<title id="{id_base}-title">{xml_text(title)}</title>',
        f'<desc id="{id_base}-desc">{xml_text(caption)}</desc>',
    ]
    if not units:
        out.append(f'<text x="0" y="{_fmt(font)}" fill="{TEXT_COLOUR}" class="actor-map-label">No entities to show.</text>')
    # The lines' tooltips are for the pointer; screen readers get the same facts from the table.
    out.append(f'<g class="actor-map-edges" aria-hidden="true" stroke="{EDGE_COLOUR}" stroke-linecap="round" stroke-opacity="0.7">')
    for (a, b), weight in sorted(edges.items()):
        ua, ub = where[a], where[b]
        width = s_min + (s_max - s_min) * (weight / top_weight if top_weight > 1 else 0)
        out.append(
            f'<line x1="{_fmt(ua.x)}" y1="{_fmt(ua.y)}" x2="{_fmt(ub.x)}" y2="{_fmt(ub.y)}" stroke-width="{_fmt(width)}">'
            f"<title>{xml_text(entities[a].name)} and {xml_text(entities[b].name)}: {_plural(weight, 'shared paragraph')}</title></line>"
        )
    out.append("</g>")
    out.append('<g class="actor-map-nodes">')
    for unit in units:
        entity = entities[unit.id]
        box = unit.label_box()
        tx, ty = _text_origin(box, unit.anchor, font)
        tooltip = f"{entity.title} ({TYPE_LABELS[entity.type]}): {_plural(counts[unit.id], 'mention')}"
        text = "".join(
            f'<tspan x="{_fmt(tx)}" dy="{_fmt(0 if n == 0 else font * LINE_HEIGHT)}">{xml_text(line)}</tspan>'
            for n, line in enumerate(unit.lines)
        )
        # xlink:href, which every browser follows, not href: Material's instant navigation assigns
        # each relative href of a page it loads to itself, which an SVG link's read-only href refuses.
        out.append(
            f'<a xlink:href="{xml_text(href_prefix + unit.id + "/")}" class="actor-map-node actor-map-node--{entity.type}" data-entity="{unit.id}">'
            f"<title>{xml_text(tooltip)}</title>"
            + shape_element(entity.type, unit.x, unit.y, unit.r, _shape_attributes(entity.type))
            + f'<text x="{_fmt(tx)}" y="{_fmt(ty)}" text-anchor="{unit.anchor}" class="actor-map-label" fill="{TEXT_COLOUR}"'
            f' stroke="{HALO_COLOUR}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{text}</text></a>'
        )
    out.append("</g>")
    out.extend(legend)
    out.append("</svg>")
    return "\n".join(out)


def _legend(kinds: list[str], x0: float, y0: float, font: float, width: float) -> tuple[list[str], float, float]:
    """The types drawn, each as its shape and name, wrapped into rows no wider than `width`."""
    if not kinds:
        return [], 0.0, 0.0
    r = font * 0.5
    row_height = font * LINE_HEIGHT + 4
    items, x, y, widest = [], 0.0, 0.0, 0.0
    for kind in kinds:
        label = TYPE_LABELS[kind]
        item_width = 2 * r + 6 + len(label) * font * CHAR_WIDTH + 16
        if x and x + item_width > width:
            x, y = 0.0, y + row_height
        cx, cy = x0 + x + r, y0 + y + row_height / 2
        items.append(
            shape_element(kind, cx, cy, r, _shape_attributes(kind))
            + f'<text x="{_fmt(cx + r + 6)}" y="{_fmt(cy + font * 0.35)}" class="actor-map-label" fill="{TEXT_COLOUR}">{label}</text>'
        )
        x += item_width
        widest = max(widest, x)
    return ['<g class="actor-map-legend">', *items, "</g>"], y + row_height, widest
