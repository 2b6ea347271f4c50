#!/usr/bin/env bash
# Container entrypoint: `yiqi run` (the default) first installs missing translation models,
# then migrates the database, then replaces this shell with the bot (so it gets SIGTERM).
# `translate-worker` installs missing models, then runs the worker (it has no database).
# `prepare` installs the models and migrates, then exits: compose's scaled profile runs it
# once before the clusters and workers, so they never race on one volume or one schema.
# Any other arguments run that yiqi command instead, e.g. `models list` or `db upgrade`.
set -euo pipefail

install_models() {
    # First start on an empty volume: fetch the models (PyPI for zh→en, the Argos index for
    # en→zh). Without a model the bot still runs and relays the original with a notice, so a
    # failed download is a warning, not a reason to stay down.
    yiqi models install --pypi-zh-en --skip-if-installed \
        || echo "warning: zh→en model not installed; see deploy/README.md" >&2
    yiqi models install --from-index en zh --skip-if-installed \
        || echo "warning: en→zh model not installed; see deploy/README.md" >&2
}

if [[ $# -eq 0 ]]; then
    set -- run
fi

case "$1" in
    run)
        install_models
        # Migrations run before the bot starts (the bot checks again in setup_hook: a no-op).
        yiqi db upgrade
        ;;
    translate-worker)
        install_models
        ;;
    prepare)
        install_models
        exec yiqi db upgrade
        ;;
esac

exec yiqi "$@"
