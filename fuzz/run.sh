#!/usr/bin/env bash
# Runs the fuzz targets with cargo fuzz on the stable toolchain (RUSTC_BOOTSTRAP=1), two at a
# time (this machine has two cores), each for SECONDS, starting from the committed corpus and the
# seeds; new inputs go to corpus-run/<target>/ and each run's log to logs/<target>.log.
#
#   fuzz/run.sh SECONDS [TARGET...]        e.g. fuzz/run.sh 600, or fuzz/run.sh 30 scenario_toml
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and python3 (for seed.py). See docs/ROBUSTNESS.md.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
if [ $# -eq 0 ]; then
    set -- dataset_csv dataset_json dataset_toml scenario_toml
fi
export RUSTC_BOOTSTRAP=1
python3 seed.py
cargo fuzz build
mkdir -p logs

dict() {
    case $1 in
        dataset_csv) echo dicts/csv.dict ;;
        dataset_json) echo dicts/json.dict ;;
        dataset_toml) echo dicts/toml.dict ;;
        scenario_toml) echo dicts/scenario.dict ;;
    esac
}

run() {
    local target=$1
    mkdir -p "corpus-run/$target" "corpus/$target"
    echo "$(date -u +%FT%TZ) start $target for ${seconds}s"
    if cargo fuzz run "$target" "corpus-run/$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -dict="$(dict "$target")" -print_final_stats=1 \
        >"logs/$target.log" 2>&1; then
        echo "$(date -u +%FT%TZ) done $target: $(grep -E '^#[0-9]+[[:space:]]+DONE' "logs/$target.log" | tail -1)"
    else
        echo "$(date -u +%FT%TZ) FAILED $target (see fuzz/logs/$target.log and fuzz/artifacts/$target/)"
        return 1
    fi
}

status=0
while [ $# -gt 0 ]; do
    first=$1
    shift
    if [ $# -gt 0 ]; then
        second=$1
        shift
        run "$first" & a=$!
        run "$second" & b=$!
        wait $a || status=1
        wait $b || status=1
    else
        run "$first" || status=1
    fi
done
exit $status
