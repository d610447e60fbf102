#!/usr/bin/env bash
# A pactum tournament as a SLURM job array: each task runs one shard into its own file, and a
# last step merges them. Submit with
#
#   sbatch --array=0-7 deploy/slurm-tournament.sh examples/tournament.toml results
#   # when every task is done:
#   pactum tournament merge results/shard-*.sqlite -o results/all.sqlite
#
# A task killed or preempted is simply resubmitted (`sbatch --array=3 …`): --resume runs only the
# negotiations its shard file lacks. Every shard of one config has the same plan hash, and
# `merge` refuses files of different plans.
#SBATCH --job-name=pactum-tournament
#SBATCH --cpus-per-task=2
#SBATCH --output=pactum-%A_%a.log
set -euo pipefail

config="${1:?usage: slurm-tournament.sh CONFIG.toml OUTDIR}"
outdir="${2:?usage: slurm-tournament.sh CONFIG.toml OUTDIR}"
index="${SLURM_ARRAY_TASK_ID:?run under sbatch --array}"
count="${SLURM_ARRAY_TASK_COUNT:?run under sbatch --array}"
pactum="${PACTUM:-pactum}"

mkdir -p "$outdir"
db="$outdir/shard-$index.sqlite"
resume=()
[ -e "$db" ] && resume=(--resume)
exec "$pactum" tournament "$config" --db "$db" --shard "$index/$count" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" "${resume[@]}" --format jsonl > /dev/null
