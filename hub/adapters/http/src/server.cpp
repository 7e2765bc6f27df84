#include "pantau/hub/http/server.hpp"

namespace pantau::hub::http {

result<std::unique_ptr<server>> start_server(server_options options, std::shared_ptr<const router> routes) {
  options.server_name = std::string(server_name);
  pantau::http::dispatcher handlers{
      [routes](const request& req, std::string_view client) { return routes->dispatch(req, client); },
      [routes](const request& req) { return routes->runs_long(req); }};
  return server::start(std::move(options), std::move(handlers));
}

}  // namespace pantau::hub::http
