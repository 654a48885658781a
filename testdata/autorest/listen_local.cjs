// Preloaded into the AutoRest test server (node --require): the server calls
// listen(port) on every interface and has no option for the host, so this
// binds it to 127.0.0.1 and prints the port it got, which the Go side reads.
"use strict";
const net = require("net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] !== "number" && typeof args[0] !== "string") {
    return listen.apply(this, args);
  }
  const done = typeof args[args.length - 1] === "function" ? args[args.length - 1] : undefined;
  const server = this;
  return listen.call(this, Number(args[0]), "127.0.0.1", function (...cbArgs) {
    process.stdout.write("pagegen-listening " + server.address().port + "\n");
    if (done) done.apply(this, cbArgs);
  });
};
