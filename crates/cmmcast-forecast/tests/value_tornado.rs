use cmmcast_data::Dataset;
use cmmcast_forecast::study::StudyParams;

#[test]
fn probe() {
    let data = Dataset::songzao();
    let study = StudyParams::default().study(data.site(None).unwrap()).unwrap();
    let t = study.value_tornado().unwrap();
    let v = study.value().unwrap();
    println!("{} {} {}", t.base_npv, v.valuation.npv, t.base_npv - v.valuation.npv);
    for b in &t.bars { println!("{:20} {:>14.6} {:>14.6} {:>16.2} {:>16.2} {:>14.2} {} | {}", b.input, b.low_setting, b.high_setting, b.output_at_low, b.output_at_high, b.swing, b.fixed, b.describe()); }
    println!("{}", serde_json::to_string(&t.bars[0]).unwrap());
}
