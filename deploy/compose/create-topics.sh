#!/bin/sh
# Creates every topic of a topics file (deploy/local/kafka/topics.txt format:
# "name partitions [config=value ...]", '#' comments) on $KAFKA_BOOTSTRAP with replication factor 1.
# Run by compose's one-shot kafka-topics service; idempotent (--if-not-exists). POSIX sh: it runs
# in the apache/kafka image. KAFKA_TOPICS_TOOL overrides the tool (tests use a stand-in).
set -eu
topics_file=${1:?usage: create-topics.sh TOPICS_FILE}
bootstrap=${KAFKA_BOOTSTRAP:?KAFKA_BOOTSTRAP is not set}
tool=${KAFKA_TOPICS_TOOL:-/opt/kafka/bin/kafka-topics.sh}
count=0
# shellcheck disable=SC2086 # $configs is split into words on purpose
while read -r name partitions rest || [ -n "${name:-}" ]; do
  case $name in '' | '#'*) continue ;; esac
  configs=
  for setting in $rest; do
    configs="$configs --config $setting"
  done
  "$tool" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 $configs
  count=$((count + 1))
done <"$topics_file"
echo "kafka-topics: $count topics present on $bootstrap"
