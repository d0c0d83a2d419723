//! Several mines, one plant: the sites of a file that name the same plant (`plant_name`, or
//! every site under `--combine`) grouped into one [`Site`] whose [`Site::mines`] they are.
//!
//! The rules (docs/DATA.md, "Several mines, one plant"):
//!
//! - the plant's facts (`plant_capacity_mw`, the `plant` and `economics` tables) are given on
//!   one of its sites, or on several that give exactly the same values; two sites giving
//!   different plant facts are refused, naming both, because no rule could say which is meant;
//! - every mine has a methane series and the same volume basis (volumes on different bases do
//!   not add);
//! - the plant's series is the methane of the years every mine has, summed: the gas the plant
//!   received; a plant whose mines share no year is refused;
//! - a plant is not named like a site, so that `--site NAME` means one thing.

use std::collections::BTreeMap;

use crate::error::DataError;
use crate::series::AnnualSeries;
use crate::site::{DataKind, Site, SiteFacts};

/// The plants the `plant_name` keys of `sites` define, sorted by name (each with its mines,
/// sorted by name as `sites` is); none when no site names one.
pub(crate) fn plants(sites: &[Site], source: &str) -> Result<Vec<Site>, DataError> {
    let mut groups: BTreeMap<&str, Vec<&Site>> = BTreeMap::new();
    for site in sites {
        if let Some(plant) = &site.facts.plant_name {
            groups.entry(plant.as_str()).or_default().push(site);
        }
    }
    groups
        .into_iter()
        .map(|(plant, mines)| plant_of(plant, &mines, sites, source))
        .collect()
}

/// Every site of `sites` set to feed one plant (`--combine`): the plant the sites name, when
/// those that name one name the same; otherwise the sites' names joined by " + ".
pub(crate) fn combine_all(sites: &mut [Site], source: &str) -> Result<(), DataError> {
    let mut named: Vec<&str> = sites
        .iter()
        .filter_map(|s| s.facts.plant_name.as_deref())
        .collect();
    named.sort_unstable();
    named.dedup();
    let plant = match named.as_slice() {
        [] => sites.iter().map(Site::name).collect::<Vec<_>>().join(" + "),
        [one] => (*one).to_string(),
        several => {
            return Err(DataError::BadPlantFeed {
                source_name: source.into(),
                plant: several.join(", "),
                problem: format!(
                    "--combine puts every site on one plant, but the sites name {} plants ({}); \
                     leave out --combine to study each plant, or give every site the same \
                     plant_name",
                    several.len(),
                    several.join(", ")
                ),
            });
        }
    };
    for site in sites.iter_mut() {
        site.facts.plant_name = Some(plant.clone());
    }
    Ok(())
}

/// One plant from its mines (at least one).
fn plant_of(plant: &str, mines: &[&Site], all: &[Site], source: &str) -> Result<Site, DataError> {
    let refuse = |problem: String| DataError::BadPlantFeed {
        source_name: source.into(),
        plant: plant.into(),
        problem,
    };
    if all.iter().any(|s| s.name() == plant) && !(mines.len() == 1 && mines[0].name() == plant) {
        return Err(refuse(format!(
            "plant \"{plant}\" has the name of a site; give the plant a name of its own in \
             plant_name, so that --site names one thing"
        )));
    }
    let giving: Vec<&Site> = mines
        .iter()
        .copied()
        .filter(|m| gives_plant_facts(&m.facts))
        .collect();
    if let Some(other) = giving
        .iter()
        .find(|m| !same_plant_facts(&m.facts, &giving[0].facts))
    {
        return Err(refuse(format!(
            "sites \"{}\" and \"{}\" both feed plant \"{plant}\" but give different plant facts \
             (plant_capacity_mw, [plant] or [economics]); give the plant's facts on one of \
             them only, or make them the same",
            giving[0].name(),
            other.name()
        )));
    }
    let first = mines[0];
    if let Some(other) = mines
        .iter()
        .find(|m| m.facts.volume_basis != first.facts.volume_basis)
    {
        return Err(refuse(format!(
            "sites \"{}\" and \"{}\" feed plant \"{plant}\" but measure methane on different \
             volume bases, which do not add; convert one site's volumes to the other's basis",
            first.name(),
            other.name()
        )));
    }
    if let Some(dry) = mines.iter().find(|m| m.series.methane_mm3().is_none()) {
        return Err(refuse(format!(
            "site \"{}\" feeds plant \"{plant}\" but has no methane_mm3 values; give its \
             methane, or remove its plant_name",
            dry.name()
        )));
    }
    let owner = giving.first().copied().unwrap_or(first);
    let kind = first.facts.data_kind;
    let facts = SiteFacts {
        name: plant.to_string(),
        plant_name: None,
        plant_capacity_mw: owner.facts.plant_capacity_mw,
        plant: owner.facts.plant.clone(),
        economics: owner.facts.economics.clone(),
        volume_basis: first.facts.volume_basis,
        data_kind: if mines.iter().all(|m| m.facts.data_kind == kind) {
            kind
        } else {
            DataKind::Unspecified
        },
        source: None,
        // Each mine closes at its own closure_year (the forecast crate applies them mine by
        // mine); a closure given for the plant closes every mine.
        closure_year: None,
        note: Some(format!(
            "plant fed by {} mine{}: {}",
            mines.len(),
            if mines.len() == 1 { "" } else { "s" },
            mines
                .iter()
                .map(|m| m.name())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    let series = if mines.len() == 1 {
        first.series.clone()
    } else {
        summed_methane(plant, mines).map_err(refuse)?
    };
    Ok(Site {
        facts,
        series,
        mines: mines.iter().map(|&m| m.clone()).collect(),
    })
}

/// The methane of the years every mine has, summed.
fn summed_methane(plant: &str, mines: &[&Site]) -> Result<AnnualSeries, String> {
    let mut years: Vec<i32> = mines[0].series.years().to_vec();
    years.retain(|year| mines.iter().all(|m| m.series.years().contains(year)));
    if years.is_empty() {
        return Err(format!(
            "the mines of plant \"{plant}\" ({}) share no year; give them at least one common \
             year of methane, or study them apart",
            mines
                .iter()
                .map(|m| m.name())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let methane = years
        .iter()
        .map(|year| {
            mines
                .iter()
                .map(|m| {
                    let i = m.series.years().binary_search(year).unwrap_or_default();
                    m.series.methane_mm3().map_or(0.0, |v| v[i])
                })
                .sum()
        })
        .collect();
    AnnualSeries::new(years, None, Some(methane)).map_err(|e| e.to_string())
}

/// Whether a site gives any of the plant's facts.
fn gives_plant_facts(facts: &SiteFacts) -> bool {
    let empty = SiteFacts::named("");
    facts.plant_capacity_mw.is_some()
        || facts.plant != empty.plant
        || facts.economics != empty.economics
}

/// Whether two sites give the same plant facts.
fn same_plant_facts(a: &SiteFacts, b: &SiteFacts) -> bool {
    a.plant_capacity_mw == b.plant_capacity_mw && a.plant == b.plant && a.economics == b.economics
}

#[cfg(test)]
mod tests {
    use crate::{DataError, Dataset, Format};

    const TWO_MINES: &str = "[[sites]]\nname = \"North\"\nplant_name = \"Central\"\n\
        plant_capacity_mw = 10\nrows = [{ year = 2015, methane_mm3 = 10 }, \
        { year = 2016, methane_mm3 = 12 }]\n\
        [[sites]]\nname = \"South\"\nplant_name = \"Central\"\n\
        rows = [{ year = 2016, methane_mm3 = 5 }, { year = 2017, methane_mm3 = 6 }]\n";

    /// Two mines naming one plant: the plant takes the capacity the one site gives, and its
    /// series is the methane of the one common year, 12 + 5 = 17.
    #[test]
    fn sites_naming_a_plant_feed_it() {
        let data = Dataset::parse(TWO_MINES, Format::Toml, "m.toml", "x").expect("valid");
        let feeds: Vec<&str> = data.feeds().iter().map(|s| s.name()).collect();
        assert_eq!(feeds, ["Central"]);
        let plant = data.feed(None).expect("one feed");
        assert_eq!(plant.facts.plant_capacity_mw, Some(10.0));
        let mines: Vec<&str> = plant.mines.iter().map(|m| m.name()).collect();
        assert_eq!(mines, ["North", "South"]);
        assert_eq!(plant.series.years(), &[2016]);
        assert_eq!(plant.series.methane_mm3(), Some(&[17.0][..]));
        // A mine is still a site of its own, studied alone with --site.
        assert_eq!(data.feed(Some("South")).expect("a mine").name(), "South");
        assert_eq!(data.sites().len(), 2);
    }

    #[test]
    fn plant_facts_given_twice_must_agree() {
        let text = TWO_MINES.replace(
            "name = \"South\"\nplant_name = \"Central\"\n",
            "name = \"South\"\nplant_name = \"Central\"\nplant_capacity_mw = 12\n",
        );
        let err = Dataset::parse(&text, Format::Toml, "m.toml", "x").expect_err("disagree");
        assert_eq!(
            err.to_string(),
            "m.toml: sites \"North\" and \"South\" both feed plant \"Central\" but give \
             different plant facts (plant_capacity_mw, [plant] or [economics]); give the \
             plant's facts on one of them only, or make them the same"
        );
        let same = TWO_MINES.replace(
            "name = \"South\"\nplant_name = \"Central\"\n",
            "name = \"South\"\nplant_name = \"Central\"\nplant_capacity_mw = 10\n",
        );
        assert!(Dataset::parse(&same, Format::Toml, "m.toml", "x").is_ok());
    }

    #[test]
    fn a_plant_named_like_a_site_is_refused() {
        let text = TWO_MINES.replace("plant_name = \"Central\"", "plant_name = \"North\"");
        let err = Dataset::parse(&text, Format::Toml, "m.toml", "x").expect_err("clash");
        assert!(
            matches!(&err, DataError::BadPlantFeed { plant, .. } if plant == "North"),
            "{err}"
        );
    }

    #[test]
    fn combine_puts_every_site_on_one_plant() {
        let csv = "site,year,methane_mm3\nA,2016,1\nB,2016,2\nC,2016,3\n";
        let data = Dataset::parse(csv, Format::Csv, "c.csv", "x")
            .expect("valid")
            .combined()
            .expect("combined");
        let plant = data.feed(None).expect("one feed");
        assert_eq!(plant.name(), "A + B + C");
        assert_eq!(plant.series.methane_mm3(), Some(&[6.0][..]));
        let named = Dataset::parse(TWO_MINES, Format::Toml, "m.toml", "x")
            .expect("valid")
            .combined()
            .expect("the same plant");
        assert_eq!(named.feed(None).expect("one").name(), "Central");
    }
}
