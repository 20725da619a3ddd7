"""Each benchmark script's `--smoke` run: it finishes and its JSON has the expected fields with
positive numbers. Not timing assertions: the numbers of a smoke run mean nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.paths import REPO_ROOT

pytestmark = pytest.mark.slow

BENCH = REPO_ROOT / "bench"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("bench-data")


def smoke(script: str, data_dir: Path, tmp_path: Path, *extra: str) -> dict[str, Any]:
    out = tmp_path / f"{script}.json"
    args = [sys.executable, str(BENCH / f"{script}.py"), "--smoke", "--json-out", str(out)]
    proc = subprocess.run(
        [*args, *extra], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data: dict[str, Any] = json.loads(out.read_text())
    assert data["bench"].startswith(script) and data["smoke"] is True
    assert data["machine"]["cpus"] >= 1
    assert data["load1_before"] >= 0 and data["load1_after"] >= 0
    assert data["command"].startswith("python")
    return data["results"]  # type: ignore[no-any-return]


def positive(entry: dict[str, Any], *keys: str) -> None:
    for key in keys:
        value = entry[key]
        assert isinstance(value, int | float) and value > 0, (key, value)


def percentiles(entry: dict[str, Any]) -> None:
    assert entry["n"] > 0
    positive(entry, "p50", "p95", "p99", "mean")
    assert entry["p50"] <= entry["p95"] <= entry["p99"]


def test_latency(data_dir: Path, tmp_path: Path) -> None:
    results = smoke("latency", data_dir, tmp_path, "--data-dir", str(data_dir))
    for size in results["sizes"]:
        for backend in ("memory", "redis"):
            (run,) = results["by_size"][str(size)][backend]
            assert run["statements"] == size
            positive(run, "ready_s", "rss_mb", "peak_rss_mb")
            for key in ("verify_uncached", "verify_cached", "search_uncached", "search_cached"):
                percentiles(run[key]["client_ms"])
                percentiles(run[key]["server_ms"])


def test_throughput(data_dir: Path, tmp_path: Path) -> None:
    results = smoke("throughput", data_dir, tmp_path, "--data-dir", str(data_dir))
    for name in (
        "cached_verify_1_worker",
        "cached_verify_2_workers",
        "uncached_verify_1_worker",
        "uncached_verify_2_workers",
    ):
        (run,) = results["runs"][name]
        positive(run, "requests", "requests_per_s", "rss_mb")
        assert run["non_2xx"] == 0
        assert run["workers"] in (1, 2)


def test_scaling(data_dir: Path, tmp_path: Path) -> None:
    results = smoke("scaling", data_dir, tmp_path, "--data-dir", str(data_dir))
    (entry,) = results["by_size"].values()
    index = entry["index"]
    positive(index, "exact_vector_mb", "hnsw_index_mb", "hnsw_recall_at_10_none")
    for key in ("exact_search_k50_none_ms", "hnsw_search_k50_none_ms", "hnsw_search_k10_ms"):
        percentiles(index[key])
    assert 0 < index["hnsw_recall_at_10_fact_check"] <= 1
    server = entry["server"]
    positive(server, "ready_s")
    positive(server["after_queries"], "rss_mb", "peak_rss_mb")
    percentiles(server["search_server_ms"])
    percentiles(server["verify_server_ms"])


def test_import_rate(tmp_path: Path) -> None:
    results = smoke("import_rate", tmp_path, tmp_path)
    assert results["extrapolated"] is True
    (run,) = results["runs"]
    for part in ("small", "large"):
        positive(run[part], "statements", "wall_s", "statements_per_s", "peak_rss_mb")
    positive(run, "marginal_statements_per_s", "extrapolated_target_s")


def test_cold_start(data_dir: Path, tmp_path: Path) -> None:
    results = smoke("cold_start", data_dir, tmp_path, "--data-dir", str(data_dir))
    assert set(results["by_size"]) == {"0", "200"}
    for entry in results["by_size"].values():
        positive(entry, "ready_s_median", "ready_s_min", "ready_s_max")
        positive(entry["runs"][0], "ready_s", "rss_mb")


def test_ann_recall(data_dir: Path, tmp_path: Path) -> None:
    results = smoke("ann_recall", data_dir, tmp_path, "--data-dir", str(data_dir))
    positive(results, "n", "exact_float32_ms_per_query", "hnsw_build_s", "hnsw_index_mb")
    for entry in results["by_ef"].values():
        percentiles(entry["search_k50_ms"])
        assert 0 < entry["recall_at_10"] <= 1 and 0 < entry["recall_at_50"] <= 1


def test_latency_postgres(data_dir: Path, tmp_path: Path) -> None:
    results = smoke(
        "latency", data_dir, tmp_path, "--data-dir", str(data_dir), "--postgres", "auto",
        "--no-redis",
    )  # fmt: skip
    assert results["store"] == "postgres"
    for size in results["sizes"]:
        copy = results["postgres"][str(size)]
        assert copy["statements"] == size
        positive(copy, "copy_s", "index_s", "database_mb")
        (run,) = results["by_size"][str(size)]["memory"]
        assert run["statements"] == size
        for key in ("verify_uncached", "verify_cached", "search_uncached", "search_cached"):
            percentiles(run[key]["server_ms"])


def test_scaling_postgres(data_dir: Path, tmp_path: Path) -> None:
    results = smoke(
        "scaling", data_dir, tmp_path, "--data-dir", str(data_dir), "--postgres", "auto"
    )
    assert results["store"] == "postgres"
    (entry,) = results["by_size"].values()
    positive(entry["postgres"], "statements", "copy_s", "index_s", "database_mb")
    index = entry["index"]
    for key in (
        "exact_search_k50_none_ms",
        "pgvector_search_k50_none_ms",
        "pgvector_search_k10_ms",
    ):
        percentiles(index[key])
    for key in ("pgvector_recall_at_10_none", "pgvector_recall_at_10_fact_check"):
        assert 0 < index[key] <= 1
    server = entry["server"]
    positive(server["after_queries"], "rss_mb", "peak_rss_mb")
    percentiles(server["search_server_ms"])
    percentiles(server["verify_server_ms"])


def test_store_ops(data_dir: Path, tmp_path: Path) -> None:
    results = smoke("store_ops", data_dir, tmp_path, "--data-dir", str(data_dir))
    (entry,) = results["by_size"].values()
    for name in ("sqlite", "postgres"):
        for key in ("generation_ms", "cache_scope_ms", "lexical_search_ms", "get_analysis_ms"):
            percentiles(entry[name][key])
    percentiles(entry["postgres"]["vector_search_ms"])


def test_pg_statements(data_dir: Path, tmp_path: Path) -> None:
    results = smoke("pg_statements", data_dir, tmp_path, "--data-dir", str(data_dir))
    (entry,) = results["by_size"].values()
    for name in ("verify", "search"):
        percentiles(entry[name]["server_ms"])
        positive(entry[name], "sql_ms_per_request", "log_lines_per_request")
        assert any(s["statement"].startswith("WITH q AS") for s in entry[name]["statements"])


def test_fairness(data_dir: Path, tmp_path: Path) -> None:
    results = smoke("fairness", data_dir, tmp_path)
    for phase in ("desk_alone", "desk_under_flood"):
        entry = results[phase]
        assert entry["requests"] > 0
        percentiles(entry["uncached_verify_ms"])
        percentiles(entry["cached_verify_ms"])
        assert 0 <= entry["error_rate"] <= 1
    flood = results["flood"]
    assert flood["answered"] > 0 and 0 <= flood["share_429_503"] <= 1
    assert flood["other_5xx"] == 0 and flood["missing_retry_after"] == 0
    positive(results["p99_ratio"], "uncached", "cached")
    assert results["readyz_engine_after"]["slots"] >= 1
