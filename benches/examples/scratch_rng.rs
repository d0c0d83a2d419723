use cmmcast_forecast::sim::path_rng;
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use std::hint::black_box;
use std::time::Instant;
fn main() {
    let n = 1_000_000u64;
    let t = Instant::now();
    let mut acc = 0u64;
    for p in 0..n {
        let mut r = path_rng(7, p);
        acc ^= r.next_u64();
    }
    black_box(acc);
    println!(
        "path_rng+1 draw: {:.1} ns",
        t.elapsed().as_nanos() as f64 / n as f64
    );
    let t = Instant::now();
    let mut r = path_rng(7, 0);
    let mut s = 0.0;
    for _ in 0..n * 10 {
        let z: f64 = StandardNormal.sample(&mut r);
        s += z;
    }
    black_box(s);
    println!(
        "normal: {:.2} ns",
        t.elapsed().as_nanos() as f64 / (n * 10) as f64
    );
    let t = Instant::now();
    let mut s = 0.0;
    for i in 0..n * 10 {
        s += ((i as f64) * 1e-9).exp();
    }
    black_box(s);
    println!(
        "exp: {:.2} ns",
        t.elapsed().as_nanos() as f64 / (n * 10) as f64
    );
}
