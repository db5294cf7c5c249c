#!/usr/bin/env bash
# Trains on a Spark standalone cluster of one master and one worker started on 127.0.0.1, through
# the spark-submit command README.md gives ("Training on Spark"), so that the executor is a JVM of
# its own that gets ResDSL, DL4J and ND4J through --jars only. No Spark distribution is reachable
# here: the cluster is Maven's spark-core 3.1.2 and its dependencies (with Scala 2.12.18, as
# README.md asks of a cluster), and spark-submit is its class org.apache.spark.deploy.SparkSubmit.
# Usage: tools/spark-standalone-check.sh [IMAGES] [EPOCHS]   (after mvn -DskipTests package)
# Prints the run's output and the eval of its checkpoint; exits non-zero if either fails.
set -euo pipefail
cd "$(dirname "$0")/.."
images=${1:-512} epochs=${2:-2}
lib=cli/target/lib jar=cli/target/resdsl.jar
[[ -f $jar ]] || { echo "build first: mvn -B -ntp -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
flags="--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"

# The cluster's own jars: spark-core's dependencies, as a Spark distribution's jars/ has them.
mkdir -p "$work/cluster/pom" "$work/spark-home"
cat > "$work/cluster/pom/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>check</groupId><artifactId>cluster</artifactId><version>1</version>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.scala-lang</groupId><artifactId>scala-library</artifactId><version>2.12.18</version></dependency>
    <dependency><groupId>org.scala-lang</groupId><artifactId>scala-reflect</artifactId><version>2.12.18</version></dependency>
  </dependencies></dependencyManagement>
  <dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.12</artifactId><version>3.1.2</version></dependency></dependencies>
</project>
POM
mvn -B -q -ntp -f "$work/cluster/pom/pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$work/spark-home/jars" >&2
# The worker launches executors from $SPARK_HOME/jars, which it accepts once RELEASE exists.
echo "Spark 3.1.2 (Maven jars)" > "$work/spark-home/RELEASE"
export SPARK_HOME=$work/spark-home SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
cp=("$SPARK_HOME/jars/*")
port=$((20000 + RANDOM % 20000))
master=spark://127.0.0.1:$port
java -Xmx256m $flags -cp "${cp[0]}" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
  --port "$port" --webui-port 0 >"$work/master.log" 2>&1 &
pids+=($!)
java -Xmx256m $flags -cp "${cp[0]}" org.apache.spark.deploy.worker.Worker "$master" \
  --host 127.0.0.1 --cores 2 --memory 4g --webui-port 0 --work-dir "$work/worker" \
  >"$work/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q "Successfully registered with master" "$work/worker.log" && break; sleep 1; done
grep -q "Successfully registered with master" "$work/worker.log" \
  || { cat "$work/master.log" "$work/worker.log" >&2; exit 1; }

# README's command; in client mode spark-submit would start the driver with
# spark.driver.extraJavaOptions, which this stand-in passes to java itself.
java $flags -Xmx4g -cp "${cp[0]}" org.apache.spark.deploy.SparkSubmit --master "$master" \
  --deploy-mode client --class dev.resdsl.cli.ResDsl \
  --jars "$(ls "$lib"/*.jar | paste -sd,)" --executor-memory 3g \
  --conf "spark.executor.extraJavaOptions=$flags" \
  "$jar" train ResNet20 --data "synthetic:$images" --epochs "$epochs" --batch 32 \
  --spark "$master" --out "$work/run" 2>"$work/submit.err" \
  || { grep -v " INFO " "$work/submit.err" >&2; exit 1; }
grep -q "Fetching spark://.*/jars/runtime-" "$work/worker"/*/0/stderr \
  || { echo "the executor did not fetch ResDSL's jars" >&2; exit 1; }
echo "executor: its own JVM, ResDSL, DL4J and ND4J fetched through --jars"
./resdsl eval ResNet20 --checkpoint "$work/run/checkpoint.zip" --data "synthetic:$images" 2>/dev/null \
  | head -n 1
