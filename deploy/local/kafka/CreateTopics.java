// Creates every topic of deploy/local/kafka/topics.txt in ONE JVM with Kafka's AdminClient
// (TopicCommand costs a JVM start, ~3 s, per topic). Existing topics are left as they are,
// like TopicCommand --if-not-exists. Run by deploy/local/kafka-ctl in source-file mode:
//   java -cp "$SHOP_KAFKA_LIBS/*" CreateTopics.java BOOTSTRAP TOPICS_FILE [REPLICATION [MIN_ISR]]
// REPLICATION (default 1): replicas of each partition; first waits (60 s at most) until that many
// brokers are registered, as the nodes of a cluster start one by one. MIN_ISR > 1: each topic's
// min.insync.replicas unless its line sets one.
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

public class CreateTopics {
  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 4) {
      System.err.println("usage: CreateTopics BOOTSTRAP TOPICS_FILE [REPLICATION [MIN_ISR]]");
      System.exit(2);
    }
    short replication = args.length > 2 ? Short.parseShort(args[2]) : 1;
    int minIsr = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    List<NewTopic> topics = new ArrayList<>();
    int lineNo = 0;
    for (String raw : Files.readAllLines(Path.of(args[1]))) {
      lineNo++;
      String line = raw.replaceAll("#.*", "").trim();
      if (line.isEmpty()) continue;
      String[] f = line.split("\\s+");
      if (f.length < 2) throw new IllegalArgumentException(args[1] + ":" + lineNo + ": want 'name partitions [k=v ...]'");
      Map<String, String> configs = new HashMap<>();
      for (int i = 2; i < f.length; i++) {
        int eq = f[i].indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException(args[1] + ":" + lineNo + ": bad config '" + f[i] + "'");
        configs.put(f[i].substring(0, eq), f[i].substring(eq + 1));
      }
      if (minIsr > 1) configs.putIfAbsent("min.insync.replicas", Integer.toString(minIsr));
      topics.add(new NewTopic(f[0], Integer.parseInt(f[1]), replication).configs(configs));
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
    int failed = 0;
    try (Admin admin = Admin.create(props)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int brokers;
      while ((brokers = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size()) < replication) {
        if (System.nanoTime() > deadline) {
          System.err.println("only " + brokers + " brokers registered, " + replication + " replicas wanted");
          System.exit(1);
        }
        Thread.sleep(200);
      }
      CreateTopicsResult result = admin.createTopics(topics);
      for (NewTopic t : topics) {
        try {
          result.values().get(t.name()).get(60, TimeUnit.SECONDS);
          System.out.println("created " + t.name() + " partitions=" + t.numPartitions()
              + " replicas=" + t.replicationFactor() + " " + t.configs());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicExistsException) {
            System.out.println("exists  " + t.name());
          } else {
            failed++;
            System.err.println("FAILED  " + t.name() + ": " + e.getCause());
          }
        }
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
