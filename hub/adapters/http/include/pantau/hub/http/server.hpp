#pragma once
// The hub's HTTP server: the shared one (pantau/http/server.hpp) serving the router, with the
// router's long-running routes on its worker and its refusals of bad input signed "pantau-hub".
#include <memory>

#include "pantau/http/server.hpp"
#include "pantau/hub/http/router.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::http {

using server = pantau::http::server;
using server_options = pantau::http::server_options;
using upgrade_handler = pantau::http::upgrade_handler;

result<std::unique_ptr<server>> start_server(server_options options, std::shared_ptr<const router> routes);

}  // namespace pantau::hub::http
