fn main() {
    klucznik_web::start();
}
