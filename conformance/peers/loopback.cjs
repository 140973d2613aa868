// Preload (NODE_OPTIONS=--require): forces every net.Server.listen() of the process onto 127.0.0.1.
// server-everything binds all interfaces and has no option for it; tests must stay on loopback.
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0])) {
    if (args[0].path === undefined) args[0] = { ...args[0], host: '127.0.0.1' };
  } else if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const port = Number(args[0]);
    const rest = args.slice(1);
    if (typeof rest[0] === 'string') rest.shift();
    args = [port, '127.0.0.1', ...rest];
  }
  return listen.apply(this, args);
};
