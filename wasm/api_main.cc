// flowcast_wasm.js has no main loop: the module only exports the bindings (wasm/bindings.cc).
int main() { return 0; }
