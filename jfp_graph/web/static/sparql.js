// YASGUI against this server's own endpoint, with nothing fetched from elsewhere.
(function () {
  var endpoint = window.location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    yasqe: {
      value: "PREFIX jfp: <https://w3id.org/jfp-graph/def#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n" +
        "SELECT ?icb ?name WHERE {\n  ?icb a jfp:IntegratedCareBoard ; rdfs:label ?name .\n}\nORDER BY ?name\nLIMIT 50\n",
      autocompleters: []
    }
  });
  window.jfpYasgui = yasgui;
})();
