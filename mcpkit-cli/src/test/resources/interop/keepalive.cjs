// Preload (NODE_OPTIONS=--require) for server-everything in GatewayInteropIT: its HTTP server closes an idle
// keep-alive connection after Node's default 5 s, and a request the gateway sends on that connection at the same
// moment ends in EOF, which the gateway takes as the upstream being lost (a known gap, see the gateway README).
// Keeping idle connections for 10 minutes takes that race out of the interop matrix.
const http = require('node:http');
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  this.keepAliveTimeout = 600000;
  return listen.apply(this, args);
};
