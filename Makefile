# Two commands do everything on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# An empty PYTHONDONTWRITEBYTECODE lets Python keep the generator's compiled modules even where the
# environment says not to (this machine's does): compiling build_tools/ anew costs ~45 ms a build.
MKDOCS := NO_MKDOCS_2_WARNING=1 PYTHONDONTWRITEBYTECODE= $(VENV)/bin/mkdocs
CHROMIUM ?= /usr/bin/chromium

.PHONY: site offline test serve generate check nlp golden clean chromium hyperfine lighthouse bench deploy zensical evaluate-import pdf pango poppler npm java

$(VENV)/.site-deps: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: $(VENV)/.site-deps requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/.pdf-deps: $(VENV)/.site-deps requirements-pdf.txt
	$(PY) -m pip install --quiet -r requirements-pdf.txt
	touch $@

# One MkDocs process: its hook (build_tools/mkdocs_hook.py) generates docs/ from seeds/ and
# runs the coverage check. MkDocs wants docs/ to exist before any hook runs: it is committed (docs/.gitignore),
# and mkdir puts it back if it was removed.
# The site is built into a scratch folder and swapped in, so a failed build never leaves a
# half-written site/. Two locks (flock, from util-linux) let builds run at once: .site.lock
# makes a second `make site` wait for the first (they share the scratch names); .briefing.lock,
# which the hook holds while MkDocs writes, keeps a direct `mkdocs build` out of site/ during
# the swap. A site that a killed swap left in .site.old is put back first.
RESTORE_SITE := if [ ! -d site ] && [ -d .site.old ]; then mv .site.old site; fi
SWAP_SITE := rm -rf .site.old && if [ -d site ]; then mv site .site.old; fi && mv .site.tmp site && rm -rf .site.old
site: $(VENV)/.site-deps
	mkdir -p docs
	flock .site.lock sh -c '\
	  flock .briefing.lock -c "$(RESTORE_SITE)" && \
	  rm -rf .site.tmp && \
	  $(MKDOCS) build --strict --site-dir .site.tmp && \
	  flock .briefing.lock -c "$(SWAP_SITE)"'

# Publishes site/ to a branch of a remote, as `mkdocs gh-deploy` does (and with the same tool):
# `SITE_URL=https://owner.github.io/repo/ make deploy`. .github/workflows/pages.yml publishes with
# GitHub's own Pages actions instead.
DEPLOY_REMOTE ?= origin
DEPLOY_BRANCH ?= gh-pages
deploy: site
	$(VENV)/bin/ghp-import --no-jekyll --push --force --remote $(DEPLOY_REMOTE) --branch $(DEPLOY_BRANCH) \
	  --message "Publish the briefing from $$(git rev-parse --short HEAD 2>/dev/null || echo 'a working copy')" site

# The same briefing built by Zensical, Material's successor, into site-zensical/. Zensical runs no
# hooks: the generator writes docs/ first, then Zensical reads mkdocs.yml (with its own site_dir).
ZENSICAL_VENV := .venv-zensical
$(ZENSICAL_VENV)/.deps: requirements-zensical.txt pyproject.toml
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/pip install --quiet --upgrade pip
	$(ZENSICAL_VENV)/bin/pip install --quiet -r requirements-zensical.txt
	touch $@

zensical: $(VENV)/.site-deps $(ZENSICAL_VENV)/.deps
	mkdir -p docs
	$(PY) -m build_tools build
	sed 's/^site_dir: site$$/site_dir: site-zensical/' mkdocs.yml > .zensical.yml
	$(ZENSICAL_VENV)/bin/zensical build --clean -f .zensical.yml

# The offline copy: offline/briefing/ and offline/briefing.zip (one folder, briefing/, inside), to open from
# disk (file://) or send. mkdocs-offline.yml adds to mkdocs.yml Material's offline plugin and a hook
# (build_tools/offline_hook.py); the Web Worker shim comes from node_modules (npm iframe-worker).
# Built in offline/.tmp and swapped in, as `make site` does; SITE_URL=https://... makes it cite that address.
OFFLINE := offline
offline: $(VENV)/.site-deps node_modules/.installed
	mkdir -p docs $(OFFLINE)
	flock $(OFFLINE)/.lock sh -c '\
	  rm -rf $(OFFLINE)/.tmp && mkdir $(OFFLINE)/.tmp && \
	  $(MKDOCS) build --strict -f mkdocs-offline.yml --site-dir $(OFFLINE)/.tmp/briefing && \
	  $(PY) -m build_tools.offline $(OFFLINE)/.tmp/briefing $(OFFLINE)/.tmp/briefing.zip && \
	  rm -rf $(OFFLINE)/briefing $(OFFLINE)/briefing.zip && \
	  mv $(OFFLINE)/.tmp/briefing $(OFFLINE)/.tmp/briefing.zip $(OFFLINE)/ && rmdir $(OFFLINE)/.tmp'

generate: $(VENV)/.site-deps
	$(PY) -m build_tools build

# The editor's coverage check (also run by `make site`); `make nlp` adds spaCy to it.
check: $(VENV)/.site-deps
	$(PY) -m build_tools check

nlp: $(VENV)/.site-deps
	$(PY) -m pip install --quiet -r requirements-nlp.txt

# Live preview: editing seeds/ or templates/ regenerates and reloads the page.
serve: $(VENV)/.site-deps
	mkdir -p docs
	$(MKDOCS) serve

chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	else echo "The browser tests need Debian's Chromium at $(CHROMIUM): run 'sudo apt-get install -y chromium'." >&2; exit 1; fi

# The validators (axe-core, vnu, lighthouse), pinned by package-lock.json. npm is only needed first
# (order-only: a present npm does not make them stale).
node_modules/.installed: package.json package-lock.json | npm
	npm ci --no-audit --no-fund
	touch $@

# Debian's Node.js and npm fetch and run the validators; its Java runtime runs the HTML validator (vnu.jar).
npm:
	@if command -v npm >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm; \
	else echo "The validators need Node.js and npm: run 'sudo apt-get install -y nodejs npm'." >&2; exit 1; fi

java:
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless; \
	else echo "The HTML validator needs Java: run 'sudo apt-get install -y default-jre-headless'." >&2; exit 1; fi

# Debian's hyperfine times the benchmark (make bench), and tests/test_bench.py runs it once.
hyperfine:
	@if command -v hyperfine >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq hyperfine; \
	else echo "The benchmark needs hyperfine: run 'sudo apt-get install -y hyperfine'." >&2; exit 1; fi

test: $(VENV)/.test-deps $(VENV)/.pdf-deps $(ZENSICAL_VENV)/.deps node_modules/.installed chromium hyperfine pango poppler java
	$(PY) -m pytest

# The site with a printed edition of each article: site/articles/<slug>.pdf, linked from the article's page
# (build_tools/printed.py). SITE_URL=https://... puts the published address into each PDF's citation.
pdf: $(VENV)/.pdf-deps pango
	BRIEFING_PDF=1 $(MAKE) site

# WeasyPrint draws text with Debian's Pango; the printed edition's fonts are DejaVu's.
PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
pango:
	@if dpkg -s $(PANGO_PACKAGES) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(PANGO_PACKAGES); \
	else echo "The printed edition needs Debian's Pango and DejaVu fonts: run 'sudo apt-get install -y $(PANGO_PACKAGES)'." >&2; exit 1; fi

# Debian's poppler-utils: tests/test_printed.py reads the PDFs' text with pdftotext.
poppler:
	@if command -v pdftotext >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq poppler-utils; \
	else echo "The PDF tests need pdftotext: run 'sudo apt-get install -y poppler-utils'." >&2; exit 1; fi

# Lighthouse (mobile) on an article and a glossary page, each beside a plain Material page of the same
# text, interleaved, medians and ranges (scripts/lighthouse.py; a report, not a test).
lighthouse: site node_modules/.installed chromium
	$(PY) scripts/lighthouse.py

# The benchmark (under 5 minutes): one table, timed by hyperfine (Debian's), also written to bench/RESULTS.md.
bench: $(VENV)/.site-deps hyperfine
	$(PY) bench/run.py

# The importer's figures over a corpus folder (words kept, boilerplate, metadata, furniture removed), with
# PDFs printed by Chromium and WeasyPrint: make evaluate-import CORPUS=../shared/corpus
CORPUS ?= ../shared/corpus
evaluate-import: $(VENV)/.site-deps chromium
	$(PY) -m pip install --quiet -r requirements-eval.txt
	$(PY) scripts/evaluate_import.py $(CORPUS)

golden: $(VENV)/.test-deps
	$(PY) -m pytest tests/test_golden.py --update-golden

clean:
	rm -rf site .site.tmp .site.old .site.lock .briefing.lock test-artifacts .pytest_cache .cache offline site-zensical .zensical.yml
	find docs -mindepth 1 ! -path docs/.gitignore -delete
