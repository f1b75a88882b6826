// The API's docs page: Swagger UI (vendored, tracker/static/vendor/swagger-ui) reading the spec.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("api-docs");
  window.SwaggerUIBundle({
    url: box.dataset.spec,
    domNode: box,
    deepLinking: false,  // a link inside each operation's toggle button is nested interaction (axe)
    validatorUrl: null,
    tryItOutEnabled: false,
    requestInterceptor: function (request) {
      // Calls made from this page use the signed-in session, as the pages' scripts do.
      var token = document.querySelector('meta[name="csrf-token"]');
      if (token) { request.headers["X-CSRFToken"] = token.content; }
      return request;
    }
  });
});
