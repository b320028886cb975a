# Encaisse — the two commands of the README: `make run` and `make test`.
GO      ?= go
BIN     ?= ./encaisse
PKGS    := ./...
# Debian/Ubuntu packages the GUI build needs (cgo, OpenGL, X11 headers).
GUI_DEBS := gcc pkg-config libgl1-mesa-dev xorg-dev


export LANG ?= C.UTF-8

.PHONY: run test build deps check-fmt vet staticcheck unit bench clean

# The user's ledger, where the app keeps it on Linux (Fyne's storage folder).
USER_DB := $(or $(XDG_CONFIG_HOME),$(HOME)/.config)/fyne/fr.encaisse.app/encaisse.db

## run: install what is missing, build, open the app on the user's ledger, or on a demo
## ledger (demo.db, generated once) while the user has none. DB=path picks another file.
run: deps build
	@db="$(DB)"; \
	if [ -z "$$db" ]; then \
	  if [ -f "$(USER_DB)" ]; then db="$(USER_DB)"; \
	  else db=demo.db; [ -f demo.db ] || $(BIN) --db demo.db demo; fi; \
	fi; \
	echo "Opening $$db"; $(BIN) --db "$$db"

## build: the GUI binary
build:
	CGO_ENABLED=1 $(GO) build -o $(BIN) .

## deps: install the missing Debian/Ubuntu build packages when we can (root or sudo)
deps:
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for p in $(GUI_DEBS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	  done; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "Please install as root:$$missing"; exit 1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## test: formatting, vet, staticcheck, race-enabled tests, and the GUI build
test: check-fmt vet staticcheck unit build

check-fmt:
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$bad" ]; then echo "Not gofmt-formatted:"; echo "$$bad"; exit 1; fi

vet:
	$(GO) vet -tags ci $(PKGS)

staticcheck:
	$(GO) tool staticcheck -tags ci $(PKGS)

unit:
	$(GO) test -race -tags ci -count=1 $(PKGS)

## bench: import and rules benchmarks against their same-run baselines (see README)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./data/
	$(GO) test -run '^$$' -bench . -benchmem ./dunning/

clean:
	rm -f $(BIN)
