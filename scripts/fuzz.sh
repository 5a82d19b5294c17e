#!/usr/bin/env bash
# make fuzz: builds the libFuzzer binary (Fuzz/Harness) and runs each target for FUZZ_SECONDS
# (default 60) on its seed corpus (Fuzz/corpus/TARGET, never written to). What a target learns is
# kept in .build/fuzz-corpus/TARGET for the next run. Built with AddressSanitizer (Swift and C, so
# Yams' libyaml too) and LeakSanitizer (Fuzz/lsan-suppressions.txt names the leaks that are not
# ours). A crash, memory error, hang (10 s), blow-up (2 GiB) or leak is saved as
# .build/fuzz-findings/TARGET/crash-* (timeout-*, oom-*, leak-*) with the input that caused it, and
# the script exits 1 after running the rest.
#   make fuzz                                 every target, 60 s each
#   make fuzz FUZZ_SECONDS=1800 FUZZ_TARGETS="manifest sidecar"
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-manifest url-list url-csv sidecar llm-body llm-analysis llm-detection}

# -use-ld=lld: gold crashes (format_file_lineno) reading the instrumented objects.
CALLSIFT_FUZZ=1 "$SWIFT" build --build-path .build/fuzz --product callsift-fuzz -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld || exit 1
binary=.build/fuzz/debug/callsift-fuzz

failed=0
for target in $TARGETS; do
    [ -d "Fuzz/corpus/$target" ] || { echo "fuzz: no target $target (Fuzz/corpus/$target)" >&2; failed=1; continue; }
    mkdir -p ".build/fuzz-corpus/$target" ".build/fuzz-findings/$target"
    log=".build/fuzz-findings/$target/last-run.log"
    echo "fuzz: $target for ${SECONDS_EACH}s"
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: 2 GiB is a leak or a blow-up.
    FUZZ_TARGET=$target LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt" "$binary" ".build/fuzz-corpus/$target" "Fuzz/corpus/$target" -max_total_time="$SECONDS_EACH" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=".build/fuzz-findings/$target/" >"$log" 2>&1
    status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    if [ $status -ne 0 ]; then
        failed=1
        echo "fuzz: $target FOUND A PROBLEM after ${runs:-?} runs (exit $status); input and log in .build/fuzz-findings/$target/" >&2
        grep -m3 -E 'ERROR|Fatal error|SUMMARY' "$log" >&2
    else
        echo "fuzz: $target clean: ${runs:-?} runs, ${coverage:-cov: ?} edges, corpus $(ls ".build/fuzz-corpus/$target" | wc -l) inputs"
    fi
done
exit $failed
