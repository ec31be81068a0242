from jfp_graph.cli import main

main()
