// Validates each data graph in a folder against one shapes graph in a single JVM, with Jena SHACL.
// Prints one line per validation result: data file, focus node, source shape, severity (tab-separated),
// then a line "#elapsed-ms N" for the validation loop alone (parsing the shapes included).
import java.io.File;
import java.util.Arrays;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;

public class ValidateEach {
    static String term(Node n) {
        return n.isURI() ? "<" + n.getURI() + ">" : n.toString();
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        File[] files = new File(args[1]).listFiles((dir, name) -> name.endsWith(".nt"));
        Arrays.sort(files);
        StringBuilder out = new StringBuilder();
        for (File file : files) {
            Graph data = RDFDataMgr.loadGraph(file.getPath());
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            for (ReportEntry e : report.getEntries()) {
                out.append(file.getName()).append('\t').append(term(e.focusNode())).append('\t')
                   .append(term(e.source())).append('\t').append(e.severity().level().getURI()).append('\n');
            }
        }
        System.out.print(out);
        System.out.println("#elapsed-ms " + (System.nanoTime() - start) / 1_000_000);
    }
}
