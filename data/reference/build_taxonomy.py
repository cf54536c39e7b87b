"""Build ``data/reference/ingredients.csv`` (the ingredient taxonomy) from USDA SR28.

The hand-curated part of every ingredient (id, NDB number, display name, category,
shopping aisle, aliases, counting unit, piece/package grams, shelf life, allergens,
diets, density) lives in ``TABLE`` below, one row per ingredient.  The nutrients
(per 100 g edible portion) and the USDA description are joined from
``foods_sr28_per100g.csv`` by NDB number.  The USDA files themselves are NOT part of
this repository; only the derived CSV is committed.  Re-running this script must
reproduce the committed CSV byte for byte (``tests/test_taxonomy.py`` checks it when
``../shared/nutrition`` exists)::

    python data/reference/build_taxonomy.py                  # rewrite the CSV
    python data/reference/build_taxonomy.py --check          # exit 1 if it differs
    python data/reference/build_taxonomy.py --nutrition-dir /path/to/shared/nutrition

Source: U.S. Department of Agriculture, Agricultural Research Service. 2016. USDA
National Nutrient Database for Standard Reference, Release 28 (slightly revised).
Public domain.  Empty nutrient cells mean "not analysed in SR28" (not zero).

Table columns (separated by ``;``; multi-valued fields by ``|``; ``-`` = none)::

    id; ndb_no; name; category; aisle; aliases; unit; piece_g; package_desc;
    shelf_life_days; allergens; diet; density_g_per_ml (blank = 1.0)

* ``id``: stable snake_case key.  Every ``label`` of ``fridge_staples.csv`` is kept as
  the id with the same NDB number (checked below when that file is present).
* ``aisle``: a short code, see ``AISLES``.
* ``unit``: how the item is counted in the fridge: ``piece`` (single items *and*
  packages: an egg, an apple, a milk carton, a yogurt tub, a can), ``g`` (weighed or
  bulk goods), ``ml``.  ``piece_g`` is the grams of ONE piece or package, as edible
  portion (so that ``grams x nutrients / 100`` is right); for liquids it is
  volume x density.  Shelf life is days after purchase in the fridge (fresh food) or
  pantry (dry/canned goods, unopened).
* ``diet``: the strictest diet the food fits: ``vegan`` (=> vegetarian, pescatarian),
  ``veg`` (vegetarian => pescatarian), ``pesc`` (pescatarian only) or ``meat`` (none).
  ``gluten_free`` and ``lactose_free`` are derived: gluten_free unless the food carries
  the ``wheat`` allergen or is listed in ``CONTAINS_GLUTEN``; lactose_free unless it
  carries ``milk`` (conservative: butter, hard cheese and whey isolate are NOT marked
  lactose-free).

Judgement calls (keep in sync with the report in the commit message):

* Coconut (coconut milk, coconut water, coconut oil) is tagged ``tree_nuts``.  The
  FDA listed coconut as a tree nut for labelling until its January 2025 guidance
  (Edition 5) dropped it; many labels still declare it, and for an allergy filter a
  false positive is the safe error.
* Oats are inherently gluten-free but ordinary (not certified) oats are routinely
  cross-contaminated with wheat/barley, so oats and oat cereals are NOT gluten_free
  (see ``CONTAINS_GLUTEN``).  Corn flakes contain barley malt; miso may be barley-based.
* Oat milk is not in SR28.  ``oat_milk`` borrows the NDB number of unsweetened rice
  milk (14639, similar energy and carbohydrate; less protein than most oat drinks) so
  that the detector class resolves to usable numbers; its usda_description says so.
* Skyr is not in SR28; it is an alias of nonfat Greek yogurt (very similar per 100 g).
* Plain bagels carry ``sesame`` as well as ``wheat``: the SR28 food explicitly
  includes sesame/poppy bagels and cross-contact is common.
* Dark and milk chocolate carry ``milk|soy`` (milk fat / shared lines, soy lecithin);
  hence neither is vegan here.
* Sugar is vegan (bone-char refining is not tracked); honey is vegetarian, not vegan.
* Generic detector classes map through aliases to one sensible entry: ``milk`` ->
  milk_whole, ``cheese`` -> cheddar, ``yogurt`` -> yogurt_plain_whole, ``chicken`` ->
  chicken_whole_raw, ``beef`` -> beef_steak_sirloin_raw, ``pepper`` -> bell_pepper_red,
  ``rice`` -> rice_white_raw (as sold), ``spaghetti``/``pasta`` -> pasta_dry,
  ``chocolate`` -> dark_chocolate_70_85, ``bread`` -> bread_white, ``chips`` -> potato
  chips (US sense; British "chips" are ``fries``).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_NUTRITION_DIR = REPO.parent / "shared" / "nutrition"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "ingredients.csv"

COLUMNS = [
    *("id", "name", "category", "aisle", "aliases", "unit", "piece_g", "package_desc", "shelf_life_days"),
    *("allergens", "diets", "density_g_per_ml", "ndb_no", "usda_description"),
    *("energy_kcal", "protein_g", "fat_g", "saturated_fat_g", "carbs_g", "sugars_g", "fiber_g", "sodium_mg"),
    *("calcium_mg", "iron_mg", "potassium_mg", "vitamin_c_mg", "vitamin_d_ug", "vitamin_b12_ug"),
    *("magnesium_mg", "zinc_mg", "folate_ug", "vitamin_a_ug"),
]

# output nutrient column -> column of foods_sr28_per100g.csv
NUTRIENT_SOURCE = {
    "energy_kcal": "kcal",
    "protein_g": "protein_g",
    "fat_g": "fat_g",
    "saturated_fat_g": "sat_fat_g",
    "carbs_g": "carb_g",
    "sugars_g": "sugar_g",
    "fiber_g": "fiber_g",
    "sodium_mg": "sodium_mg",
    "calcium_mg": "calcium_mg",
    "iron_mg": "iron_mg",
    "potassium_mg": "potassium_mg",
    "vitamin_c_mg": "vit_c_mg",
    "vitamin_d_ug": "vit_d_ug",
    "vitamin_b12_ug": "vit_b12_ug",
    "magnesium_mg": "magnesium_mg",
    "zinc_mg": "zinc_mg",
    "folate_ug": "folate_dfe_ug",
    "vitamin_a_ug": "vit_a_rae_ug",
}

ALLERGENS = ("milk", "egg", "fish", "shellfish", "tree_nuts", "peanuts", "wheat", "soy", "sesame")
DIETS = ("vegetarian", "vegan", "pescatarian", "gluten_free", "lactose_free")
DIET_BASE = {
    "vegan": ("vegetarian", "vegan", "pescatarian"),
    "veg": ("vegetarian", "pescatarian"),
    "pesc": ("pescatarian",),
    "meat": (),
}
UNITS = ("piece", "g", "ml")
AISLES = {
    "produce": "Produce",
    "dairy": "Dairy & Eggs",
    "meat": "Meat & Seafood",
    "deli": "Deli",
    "bakery": "Bakery",
    "pantry": "Pantry",
    "canned": "Canned Goods",
    "frozen": "Frozen",
    "beverages": "Beverages",
    "snacks": "Snacks",
    "condiments": "Condiments & Sauces",
    "baking": "Baking & Spices",
}
CATEGORIES = (
    "dairy", "eggs", "meat", "poultry", "fish", "shellfish", "plant_protein", "nuts_seeds",
    "vegetable", "herb", "fruit", "grain", "bakery", "condiment", "oil", "sweetener", "spice",
    "beverage", "snack", "frozen", "prepared", "pantry",
)  # fmt: skip

# Not wheat, but not safe for a gluten-free diet (see the module docstring).
CONTAINS_GLUTEN = frozenset({"oats_dry", "cereal_cheerios", "cereal_corn_flakes", "granola", "miso"})

# Ingredients whose SR28 food is a stand-in for a food SR28 lacks: id -> note.
PROXIES = {"oat_milk": "SR28 has no oat drink"}

TABLE = """\
# --- dairy (fridge_staples labels kept as ids) ---
milk_whole; 01077; Milk, whole (3.25%); dairy; dairy; milk|whole milk|full fat milk|full cream milk|cow milk; piece; 1030; 1 carton (1 L); 7; milk; veg; 1.03
milk_2pct; 01079; Milk, reduced fat (2%); dairy; dairy; 2% milk|reduced fat milk|semi skimmed milk|low fat milk; piece; 1030; 1 carton (1 L); 7; milk; veg; 1.03
milk_skim; 01085; Milk, nonfat (skim); dairy; dairy; skim milk|skimmed milk|nonfat milk|fat free milk; piece; 1030; 1 carton (1 L); 7; milk; veg; 1.03
greek_yogurt_plain_nonfat; 01256; Greek yogurt, plain, nonfat; dairy; dairy; greek yogurt|greek yoghurt|nonfat greek yogurt|skyr; piece; 170; 1 container (170 g); 14; milk; veg;
greek_yogurt_plain_lowfat; 01287; Greek yogurt, plain, lowfat; dairy; dairy; lowfat greek yogurt|low fat greek yogurt; piece; 200; 1 container (200 g); 14; milk; veg;
greek_yogurt_plain_whole; 01293; Greek yogurt, plain, whole milk; dairy; dairy; whole milk greek yogurt|full fat greek yogurt; piece; 500; 1 tub (500 g); 14; milk; veg;
yogurt_plain_whole; 01116; Yogurt, plain, whole milk; dairy; dairy; yogurt|yoghurt|plain yogurt|natural yogurt|whole milk yogurt; piece; 500; 1 tub (500 g); 14; milk; veg;
yogurt_plain_lowfat; 01117; Yogurt, plain, low fat; dairy; dairy; lowfat yogurt|low fat yogurt|low fat yoghurt; piece; 500; 1 tub (500 g); 14; milk; veg;
kefir; 01289; Kefir, lowfat, plain; dairy; dairy; milk kefir|kefir drink; piece; 974; 1 bottle (946 ml); 14; milk; veg; 1.03
cheddar; 01009; Cheddar cheese; dairy; dairy; cheese|cheddar cheese|hard cheese; piece; 200; 1 block (200 g); 28; milk; veg;
mozzarella_part_skim; 01028; Mozzarella, part skim; dairy; dairy; mozzarella|mozzarella cheese|shredded mozzarella|pizza cheese; piece; 227; 1 package (8 oz); 21; milk; veg;
mozzarella_fresh; 01026; Mozzarella, fresh, whole milk; dairy; dairy; fresh mozzarella|mozzarella ball|buffalo mozzarella; piece; 125; 1 ball (125 g); 5; milk; veg;
swiss_cheese; 01040; Swiss cheese; dairy; dairy; swiss|emmental|emmentaler|gruyere; piece; 200; 1 pack (200 g); 28; milk; veg;
parmesan; 01033; Parmesan, hard; dairy; dairy; parmesan cheese|parmigiano|parmigiano reggiano|grana padano; piece; 200; 1 wedge (200 g); 60; milk; veg;
feta; 01019; Feta cheese; dairy; dairy; feta cheese; piece; 200; 1 block (200 g); 21; milk; veg;
cream_cheese; 01017; Cream cheese; dairy; dairy; philadelphia|soft cheese; piece; 227; 1 brick (8 oz); 21; milk; veg;
cottage_cheese_2pct; 01015; Cottage cheese, lowfat (2%); dairy; dairy; cottage cheese; piece; 454; 1 tub (16 oz); 10; milk; veg;
ricotta_part_skim; 01037; Ricotta, part skim; dairy; dairy; ricotta|ricotta cheese; piece; 425; 1 tub (15 oz); 7; milk; veg;
goat_cheese; 01159; Goat cheese, soft (chevre); dairy; dairy; chevre|soft goat cheese|fresh goat cheese; piece; 113; 1 log (4 oz); 14; milk; veg;
goat_cheese_aged; 01156; Goat cheese, hard (aged); dairy; dairy; cured goat cheese|hard goat cheese|aged goat cheese|queso de cabra curado; piece; 200; 1 wedge (200 g); 42; milk; veg;
brie; 01006; Brie; dairy; dairy; brie cheese|camembert; piece; 200; 1 wheel (200 g); 14; milk; veg;
gouda; 01022; Gouda; dairy; dairy; gouda cheese|edam; piece; 198; 1 package (7 oz); 28; milk; veg;
butter_salted; 01001; Butter, salted; dairy; dairy; butter|salted butter; piece; 250; 1 block (250 g); 60; milk; veg; 0.91
butter_unsalted; 01145; Butter, unsalted; dairy; dairy; unsalted butter|sweet cream butter; piece; 250; 1 block (250 g); 60; milk; veg; 0.91
sour_cream; 01056; Sour cream; dairy; dairy; soured cream|creme fraiche; piece; 454; 1 tub (16 oz); 21; milk; veg; 0.97
heavy_cream; 01053; Heavy whipping cream; dairy; dairy; cream|whipping cream|double cream|heavy whipping cream; piece; 476; 1 carton (473 ml); 14; milk; veg; 1.01
half_and_half; 01049; Half and half; dairy; dairy; half & half|coffee cream|single cream|light cream; piece; 490; 1 carton (473 ml); 10; milk; veg; 1.02
buttermilk; 01088; Buttermilk, lowfat, cultured; dairy; dairy; cultured buttermilk; piece; 980; 1 carton (946 ml); 14; milk; veg; 1.04
whey_protein_isolate; 14058; Whey protein isolate powder; dairy; pantry; whey|whey protein|protein powder|whey isolate; g; 907; 1 tub (2 lb); 365; milk; veg;
# --- eggs ---
egg; 01123; Egg, whole, raw; eggs; dairy; eggs|chicken egg|whole egg|large egg; piece; 50; 1 large egg; 28; egg; veg;
egg_white; 01124; Egg white, raw; eggs; dairy; egg whites|liquid egg white; g; 500; 1 carton (500 g); 7; egg; veg; 1.03
# --- poultry ---
chicken_breast_raw; 05062; Chicken breast, skinless, boneless, raw; poultry; meat; chicken breast|chicken fillet|boneless chicken breast|chicken breast fillet; piece; 200; 1 breast (~200 g); 2; -; meat;
chicken_whole_raw; 05006; Chicken, whole, meat and skin, raw; poultry; meat; chicken|whole chicken|roasting chicken|broiler chicken; piece; 1000; 1 chicken (~1 kg edible meat and skin); 2; -; meat;
chicken_thigh_raw; 05091; Chicken thigh, with skin, raw; poultry; meat; chicken thigh|chicken thighs|chicken leg quarter; piece; 130; 1 thigh (~130 g edible); 2; -; meat;
chicken_drumstick_raw; 05066; Chicken drumstick, with skin, raw; poultry; meat; chicken drumstick|drumstick|chicken leg; piece; 75; 1 drumstick (~75 g edible); 2; -; meat;
turkey_meat_raw; 05167; Turkey, whole, meat only, raw; poultry; meat; turkey|whole turkey|turkey meat; g; 2950; 1 small bird (~5 kg, ~3 kg meat); 2; -; meat;
ground_turkey_raw; 05305; Ground turkey, raw; poultry; meat; ground turkey|turkey mince|minced turkey; g; 454; 1 package (1 lb); 2; -; meat;
turkey_breast_sliced; 07081; Turkey breast, sliced deli meat; poultry; deli; turkey slices|sliced turkey|deli turkey|turkey deli meat|turkey cold cuts; g; 227; 1 package (8 oz); 5; -; meat;
# --- meat ---
ground_beef_85; 23567; Ground beef, 85% lean, raw; meat; meat; ground beef|minced beef|beef mince|hamburger meat|mince; g; 454; 1 package (1 lb); 2; -; meat;
ground_beef_90; 23562; Ground beef, 90% lean, raw; meat; meat; lean ground beef|extra lean ground beef|lean beef mince; g; 454; 1 package (1 lb); 2; -; meat;
beef_steak_sirloin_raw; 13929; Beef top sirloin steak, raw; meat; meat; beef|steak|sirloin|sirloin steak|beef steak; piece; 300; 1 steak (~300 g); 4; -; meat;
pork_tenderloin_raw; 10060; Pork tenderloin, lean, raw; meat; meat; pork tenderloin|pork fillet|pork; g; 500; 1 tenderloin (~500 g); 4; -; meat;
pork_chop_raw; 10164; Pork chop, boneless center loin, raw; meat; meat; pork chop|pork chops|pork loin chop; piece; 170; 1 chop (170 g); 4; -; meat;
lamb_leg_raw; 17230; Lamb leg, raw; meat; meat; lamb|leg of lamb|mutton; g; 1000; 1 piece (~1 kg); 4; -; meat;
bacon_raw; 10123; Bacon, raw; meat; meat; bacon|streaky bacon|bacon rashers|bacon strips; g; 340; 1 package (12 oz); 7; -; meat;
ham_sliced; 07029; Ham, sliced; meat; deli; ham|sliced ham|deli ham|ham slices; g; 227; 1 package (8 oz); 5; -; meat;
salami_hard; 07071; Salami, dry/hard, pork; meat; deli; salami|pepperoni|cured sausage; g; 113; 1 package (4 oz); 21; -; meat;
hot_dog_beef; 07022; Hot dog (beef frankfurter); meat; meat; hot dog|frankfurter|wiener|hotdog|frank; piece; 49; 1 hot dog; 14; -; meat;
italian_sausage_raw; 07036; Italian sausage, pork, raw; meat; meat; italian sausage|sausage|sausages|bratwurst; piece; 91; 1 link (91 g); 2; -; meat;
pork_sausage_raw; 07063; Pork breakfast sausage, raw; meat; meat; breakfast sausage|pork sausage|sausage patty|sausage links; g; 340; 1 package (12 oz); 2; -; meat;
chorizo; 07019; Chorizo, pork and beef; meat; deli; chorizo sausage; piece; 60; 1 link (60 g); 21; -; meat;
# --- fish & shellfish ---
salmon_atlantic_farmed_raw; 15236; Salmon, Atlantic, farmed, raw; fish; meat; salmon|salmon fillet|atlantic salmon; piece; 170; 1 fillet (~170 g); 2; fish; pesc;
smoked_salmon; 15179; Smoked salmon (lox); fish; deli; lox|smoked salmon slices|gravlax; g; 113; 1 package (4 oz); 14; fish; pesc;
salmon_canned; 15084; Salmon, pink, canned; fish; canned; canned salmon|tinned salmon; piece; 418; 1 can (14.75 oz); 730; fish; pesc;
cod_raw; 15015; Cod, Atlantic, raw; fish; meat; cod|cod fillet|white fish; piece; 170; 1 fillet (~170 g); 2; fish; pesc;
tilapia_raw; 15261; Tilapia, raw; fish; meat; tilapia|tilapia fillet; piece; 116; 1 fillet (116 g); 2; fish; pesc;
tuna_steak_raw; 15127; Tuna, yellowfin, raw; fish; meat; tuna steak|ahi tuna|yellowfin tuna|fresh tuna; piece; 170; 1 steak (~170 g); 2; fish; pesc;
tuna_light_canned_water; 15121; Tuna, light, canned in water, drained; fish; canned; tuna|canned tuna|tinned tuna|tuna can; piece; 113; 1 can (5 oz, 113 g drained); 730; fish; pesc;
sardines_canned_oil; 15088; Sardines, canned in oil, drained; fish; canned; sardines|sardine|canned sardines|tinned sardines|pilchards; piece; 92; 1 can (3.75 oz, 92 g drained); 730; fish; pesc;
mackerel_raw; 15046; Mackerel, Atlantic, raw; fish; meat; mackerel|mackerel fillet; piece; 112; 1 fillet (112 g); 2; fish; pesc;
fish_sticks_frozen; 15027; Fish sticks, frozen; fish; frozen; fish sticks|fish fingers|fish sticks frozen; piece; 28; 1 fish stick (28 g); 180; fish|wheat; pesc;
shrimp_raw; 15270; Shrimp, raw; shellfish; meat; shrimp|prawn|prawns|king prawns; g; 454; 1 bag (1 lb); 2; shellfish; pesc;
mussels_raw; 15164; Mussels, blue, raw; shellfish; meat; mussels|mussel|blue mussels; g; 907; 1 bag (2 lb); 2; shellfish; pesc;
# --- plant protein & legumes (soy and not soy) ---
tofu_firm; 16426; Tofu, firm; plant_protein; dairy; tofu|firm tofu|bean curd; piece; 396; 1 block (14 oz); 7; soy; vegan;
tofu_silken; 16427; Tofu, soft/regular; plant_protein; dairy; silken tofu|soft tofu|regular tofu; piece; 396; 1 block (14 oz); 7; soy; vegan;
tempeh; 16114; Tempeh; plant_protein; dairy; tempe; piece; 227; 1 package (8 oz); 10; soy; vegan;
edamame_frozen; 11211; Edamame, frozen; plant_protein; frozen; edamame|soybeans|soy beans|green soybeans; g; 454; 1 bag (1 lb); 240; soy; vegan;
soymilk; 16139; Soy milk, original, fortified; plant_protein; beverages; soy milk|soya milk|soy drink|soya drink; piece; 1030; 1 carton (1 L); 10; soy; vegan; 1.03
soy_protein_isolate; 16122; Soy protein isolate powder; plant_protein; pantry; soy protein|soy protein powder|vegan protein powder; g; 454; 1 tub (1 lb); 365; soy; vegan;
vital_wheat_gluten; 48052; Vital wheat gluten (for seitan); plant_protein; baking; wheat gluten|gluten flour|seitan flour; g; 454; 1 bag (1 lb); 365; wheat; vegan;
hummus; 16158; Hummus; plant_protein; dairy; houmous|hommus|humus|chickpea dip; piece; 283; 1 tub (10 oz); 7; sesame; vegan;
black_beans_cooked; 16015; Black beans, cooked; plant_protein; pantry; cooked black beans; g; 172; 1 cup cooked (172 g); 4; -; vegan;
black_beans_canned; 16018; Black beans, canned; plant_protein; canned; black beans|canned black beans|black turtle beans; piece; 439; 1 can (15.5 oz); 730; -; vegan;
kidney_beans_canned; 16034; Red kidney beans, canned; plant_protein; canned; kidney beans|red kidney beans|canned kidney beans|red beans; piece; 439; 1 can (15.5 oz); 730; -; vegan;
pinto_beans_canned; 16044; Pinto beans, canned; plant_protein; canned; pinto beans|canned pinto beans; piece; 439; 1 can (15.5 oz); 730; -; vegan;
chickpeas_canned; 16058; Chickpeas, canned; plant_protein; canned; chickpeas|garbanzo beans|garbanzos|chick peas|canned chickpeas; piece; 439; 1 can (15.5 oz); 730; -; vegan;
chickpeas_dry; 16056; Chickpeas, dry; plant_protein; pantry; dried chickpeas|dry chickpeas|dry garbanzo beans; g; 454; 1 bag (1 lb); 365; -; vegan;
lentils_cooked; 16070; Lentils, cooked; plant_protein; pantry; cooked lentils; g; 198; 1 cup cooked (198 g); 4; -; vegan;
lentils_dry; 16069; Lentils, dry; plant_protein; pantry; lentils|lentil|red lentils|green lentils|brown lentils|dal; g; 454; 1 bag (1 lb); 365; -; vegan;
black_beans_dry; 16014; Black beans, dry; plant_protein; pantry; dried black beans|dry black beans; g; 454; 1 bag (1 lb); 365; -; vegan;
peanut_butter; 16098; Peanut butter, smooth; plant_protein; pantry; peanut butter|pb|peanut spread; piece; 454; 1 jar (16 oz); 180; peanuts; vegan;
peanuts; 16087; Peanuts, raw; nuts_seeds; snacks; peanut|groundnuts|monkey nuts; g; 454; 1 bag (1 lb); 180; peanuts; vegan;
# --- nuts & seeds ---
almonds; 12061; Almonds; nuts_seeds; snacks; almond; g; 454; 1 bag (1 lb); 180; tree_nuts; vegan;
walnuts; 12155; Walnuts; nuts_seeds; snacks; walnut|english walnuts; g; 454; 1 bag (1 lb); 180; tree_nuts; vegan;
cashews; 12087; Cashews, raw; nuts_seeds; snacks; cashew|cashew nuts; g; 454; 1 bag (1 lb); 180; tree_nuts; vegan;
pecans; 12142; Pecans; nuts_seeds; snacks; pecan|pecan nuts; g; 454; 1 bag (1 lb); 180; tree_nuts; vegan;
pistachios; 12151; Pistachios, raw; nuts_seeds; snacks; pistachio|pistachio nuts; g; 454; 1 bag (1 lb); 180; tree_nuts; vegan;
hazelnuts; 12120; Hazelnuts; nuts_seeds; snacks; hazelnut|filberts; g; 454; 1 bag (1 lb); 180; tree_nuts; vegan;
pumpkin_seeds; 12014; Pumpkin seeds (pepitas); nuts_seeds; snacks; pepitas|pumpkin seed kernels; g; 454; 1 bag (1 lb); 180; -; vegan;
sunflower_seeds; 12036; Sunflower seed kernels; nuts_seeds; snacks; sunflower seed|sunflower kernels; g; 454; 1 bag (1 lb); 180; -; vegan;
hemp_seeds; 12012; Hemp seeds, hulled; nuts_seeds; pantry; hemp hearts|hemp seed|hulled hemp seeds; g; 227; 1 bag (8 oz); 365; -; vegan;
chia_seeds; 12006; Chia seeds; nuts_seeds; pantry; chia|chia seed; g; 340; 1 bag (12 oz); 365; -; vegan;
flaxseed; 12220; Flaxseed; nuts_seeds; pantry; flax|flax seeds|linseed|linseeds; g; 454; 1 bag (1 lb); 365; -; vegan;
tahini; 12698; Tahini (sesame paste); nuts_seeds; condiments; sesame paste|sesame butter|tahina; piece; 454; 1 jar (16 oz); 180; sesame; vegan;
# --- plant milks (almond/coconut = tree_nuts; coconut: see note at top) ---
almond_milk_unsweetened; 14091; Almond milk, unsweetened; beverage; beverages; almond milk|almond drink|almond beverage; piece; 1000; 1 carton (1 L); 10; tree_nuts; vegan; 1.0
oat_milk; 14639; Oat milk, unsweetened; beverage; beverages; oat drink|oat beverage|oatly; piece; 1030; 1 carton (1 L); 10; -; vegan; 1.03
rice_milk; 14639; Rice milk, unsweetened; beverage; beverages; rice drink|rice beverage; piece; 1030; 1 carton (1 L); 10; -; vegan; 1.03
coconut_milk_canned; 12118; Coconut milk, canned; pantry; canned; coconut milk|coconut cream|tinned coconut milk; piece; 383; 1 can (13.5 fl oz, 400 ml); 730; tree_nuts; vegan; 0.96
coconut_water; 14090; Coconut water; beverage; beverages; coconut juice; piece; 1035; 1 carton (1 L); 7; tree_nuts; vegan; 1.03
# --- beverages ---
orange_juice; 09209; Orange juice, chilled; beverage; beverages; oj|orange juice|juice; piece; 1550; 1 carton (52 fl oz, 1.54 L); 10; -; vegan; 1.05
apple_juice; 09016; Apple juice, unsweetened; beverage; beverages; apple juice|apple cider; piece; 1960; 1 bottle (64 fl oz, 1.89 L); 10; -; vegan; 1.04
cola; 14148; Cola soft drink; beverage; beverages; coke|soda|soft drink|pop|coca cola|pepsi; piece; 370; 1 can (12 fl oz); 270; -; vegan; 1.04
# --- vegetables ---
lettuce_romaine; 11251; Romaine lettuce; vegetable; produce; romaine|cos lettuce|lettuce|salad|salad greens; piece; 626; 1 head (626 g); 7; -; vegan;
lettuce_iceberg; 11252; Iceberg lettuce; vegetable; produce; iceberg|crisphead lettuce; piece; 539; 1 head (539 g); 10; -; vegan;
spinach; 11457; Spinach, fresh; vegetable; produce; baby spinach|spinach leaves; g; 284; 1 bag (10 oz); 5; -; vegan;
kale; 11233; Kale; vegetable; produce; curly kale|lacinato kale|cavolo nero; g; 284; 1 bag (10 oz); 7; -; vegan;
arugula; 11959; Arugula; vegetable; produce; rocket|roquette|rucola; g; 142; 1 bag (5 oz); 5; -; vegan;
broccoli; 11090; Broccoli; vegetable; produce; broccoli crown|broccoli florets|calabrese; piece; 350; 1 head (~350 g); 7; -; vegan;
cauliflower; 11135; Cauliflower; vegetable; produce; cauliflower head; piece; 575; 1 head (575 g); 7; -; vegan;
cabbage; 11109; Cabbage, green; vegetable; produce; green cabbage|white cabbage|head cabbage; piece; 908; 1 head (908 g); 30; -; vegan;
bok_choy; 11116; Bok choy; vegetable; produce; pak choi|pak choy|chinese cabbage|bok choi; piece; 300; 1 head (~300 g); 5; -; vegan;
brussels_sprouts; 11098; Brussels sprouts; vegetable; produce; brussel sprouts|sprouts; g; 454; 1 bag (1 lb); 10; -; vegan;
carrot; 11124; Carrot; vegetable; produce; carrots|baby carrots; piece; 61; 1 medium carrot (61 g); 28; -; vegan;
celery; 11143; Celery; vegetable; produce; celery stalks|celery sticks; piece; 450; 1 bunch (~450 g); 21; -; vegan;
cucumber; 11205; Cucumber; vegetable; produce; cucumbers|english cucumber|cuke; piece; 301; 1 cucumber (301 g); 7; -; vegan;
tomato; 11529; Tomato, red, ripe; vegetable; produce; tomatoes|cherry tomatoes|roma tomato|plum tomato|vine tomato; piece; 123; 1 medium tomato (123 g); 5; -; vegan;
bell_pepper_red; 11821; Bell pepper, red; vegetable; produce; pepper|bell pepper|red pepper|red bell pepper|sweet pepper|capsicum|paprika pepper; piece; 119; 1 medium pepper (119 g); 10; -; vegan;
bell_pepper_green; 11333; Bell pepper, green; vegetable; produce; green pepper|green bell pepper|green capsicum; piece; 119; 1 medium pepper (119 g); 10; -; vegan;
jalapeno; 11979; Jalapeno pepper; vegetable; produce; jalapeno pepper|chili pepper|chilli|chile pepper|hot pepper|green chili; piece; 14; 1 pepper (14 g); 10; -; vegan;
onion; 11282; Onion; vegetable; produce; onions|yellow onion|brown onion|white onion|red onion; piece; 110; 1 medium onion (110 g); 30; -; vegan;
scallion; 11291; Scallions (green onions); vegetable; produce; green onion|green onions|spring onion|spring onions|scallions; piece; 100; 1 bunch (~100 g); 7; -; vegan;
shallot; 11677; Shallot; vegetable; produce; shallots|eschalot; piece; 25; 1 shallot (~25 g); 30; -; vegan;
leek; 11246; Leek; vegetable; produce; leeks; piece; 89; 1 leek (89 g); 14; -; vegan;
garlic; 11215; Garlic; vegetable; produce; garlic clove|garlic bulb|garlic head; piece; 40; 1 bulb (~40 g, 10-12 cloves); 90; -; vegan;
ginger; 11216; Ginger root; vegetable; produce; ginger root|fresh ginger; g; 50; 1 knob (~50 g); 21; -; vegan;
mushroom_white; 11260; Mushrooms, white; vegetable; produce; mushroom|mushrooms|button mushrooms|champignons|white mushrooms; g; 227; 1 package (8 oz); 7; -; vegan;
zucchini; 11477; Zucchini; vegetable; produce; courgette|courgettes|summer squash; piece; 196; 1 medium zucchini (196 g); 7; -; vegan;
eggplant; 11209; Eggplant; vegetable; produce; aubergine|aubergines|brinjal; piece; 458; 1 eggplant (458 g); 7; -; vegan;
butternut_squash; 11485; Butternut squash; vegetable; produce; butternut|winter squash|squash; piece; 1100; 1 squash (~1.1 kg edible); 60; -; vegan;
green_beans; 11052; Green beans; vegetable; produce; string beans|snap beans|french beans|haricots verts; g; 454; 1 bag (1 lb); 7; -; vegan;
asparagus; 11011; Asparagus; vegetable; produce; asparagus spears; piece; 240; 1 bunch (~240 g edible); 4; -; vegan;
peas_green; 11304; Peas, green, fresh; vegetable; produce; peas|garden peas|english peas|sweet peas; g; 145; 1 cup shelled (145 g); 5; -; vegan;
corn_sweet; 11167; Sweet corn, yellow; vegetable; produce; corn|sweetcorn|corn on the cob|maize; piece; 103; 1 ear (103 g kernels); 3; -; vegan;
potato; 11352; Potato; vegetable; produce; potatoes|russet potato|spud|white potato; piece; 213; 1 medium potato (213 g); 30; -; vegan;
sweet_potato; 11507; Sweet potato; vegetable; produce; sweet potatoes|sweetpotato|yam|kumara; piece; 130; 1 sweet potato (130 g); 30; -; vegan;
beets; 11080; Beets; vegetable; produce; beet|beetroot|beetroots; piece; 82; 1 beet (82 g); 14; -; vegan;
radish; 11429; Radishes; vegetable; produce; radishes; piece; 130; 1 bunch (~130 g); 10; -; vegan;
parsley; 11297; Parsley, fresh; herb; produce; flat leaf parsley|italian parsley|curly parsley; piece; 60; 1 bunch (~60 g); 7; -; vegan;
cilantro; 11165; Cilantro (fresh coriander); herb; produce; coriander|coriander leaves|fresh coriander|chinese parsley; piece; 50; 1 bunch (~50 g); 7; -; vegan;
basil; 02044; Basil, fresh; herb; produce; fresh basil|sweet basil|basil leaves; piece; 20; 1 pack (~20 g); 5; -; vegan;
# --- fruit ---
avocado; 09037; Avocado; fruit; produce; avocados|hass avocado|avo; piece; 150; 1 avocado (~150 g edible); 4; -; vegan;
apple; 09003; Apple; fruit; produce; apples|green apple|red apple; piece; 182; 1 medium apple (182 g); 30; -; vegan;
banana; 09040; Banana; fruit; produce; bananas; piece; 118; 1 medium banana (118 g edible); 5; -; vegan;
orange; 09200; Orange; fruit; produce; oranges|navel orange; piece; 131; 1 medium orange (131 g edible); 21; -; vegan;
tangerine; 09218; Tangerine (mandarin); fruit; produce; mandarin|mandarins|clementine|clementines|satsuma; piece; 74; 1 fruit (74 g edible); 14; -; vegan;
grapefruit; 09112; Grapefruit, pink/red; fruit; produce; pink grapefruit|red grapefruit; piece; 246; 1 grapefruit (246 g edible); 21; -; vegan;
lemon; 09150; Lemon; fruit; produce; lemons; piece; 58; 1 lemon (58 g edible); 21; -; vegan;
lime; 09159; Lime; fruit; produce; limes; piece; 67; 1 lime (67 g); 21; -; vegan;
strawberries; 09316; Strawberries; fruit; produce; strawberry; g; 454; 1 clamshell (1 lb); 4; -; vegan;
blueberries; 09050; Blueberries; fruit; produce; blueberry; g; 170; 1 clamshell (6 oz); 10; -; vegan;
raspberries; 09302; Raspberries; fruit; produce; raspberry; g; 170; 1 clamshell (6 oz); 3; -; vegan;
blackberries; 09042; Blackberries; fruit; produce; blackberry|brambles; g; 170; 1 clamshell (6 oz); 4; -; vegan;
grapes; 09132; Grapes; fruit; produce; grape|red grapes|green grapes|seedless grapes; g; 907; 1 bag (2 lb); 10; -; vegan;
cherries; 09070; Cherries, sweet; fruit; produce; cherry|sweet cherries; g; 454; 1 bag (1 lb); 7; -; vegan;
watermelon; 09326; Watermelon; fruit; produce; water melon; piece; 4500; 1 whole melon (~4.5 kg edible); 10; -; vegan;
cantaloupe; 09181; Cantaloupe melon; fruit; produce; melon|cantaloupe melon|rockmelon|muskmelon; piece; 552; 1 medium melon (552 g edible); 7; -; vegan;
pineapple; 09266; Pineapple; fruit; produce; pineapples|ananas; piece; 905; 1 pineapple (905 g edible); 4; -; vegan;
peach; 09236; Peach, yellow; fruit; produce; peaches; piece; 150; 1 medium peach (150 g); 4; -; vegan;
nectarine; 09191; Nectarine; fruit; produce; nectarines; piece; 142; 1 medium nectarine (142 g); 4; -; vegan;
plum; 09279; Plum; fruit; produce; plums; piece; 66; 1 plum (66 g); 5; -; vegan;
apricot; 09021; Apricot; fruit; produce; apricots; piece; 35; 1 apricot (35 g); 5; -; vegan;
pear; 09252; Pear; fruit; produce; pears; piece; 178; 1 medium pear (178 g); 7; -; vegan;
mango; 09176; Mango; fruit; produce; mangos|mangoes; piece; 336; 1 mango (336 g edible); 5; -; vegan;
kiwi; 09148; Kiwifruit; fruit; produce; kiwi fruit|kiwifruit|kiwis; piece; 69; 1 kiwi (69 g); 14; -; vegan;
pomegranate; 09286; Pomegranate; fruit; produce; pomegranates|pomegranate seeds; piece; 282; 1 pomegranate (282 g edible); 30; -; vegan;
raisins; 09298; Raisins; fruit; pantry; raisin|sultanas|golden raisins; g; 340; 1 box (12 oz); 180; -; vegan;
dates_medjool; 09421; Dates, Medjool; fruit; pantry; dates|date|medjool dates; g; 454; 1 box (1 lb); 180; -; vegan;
olives_black; 09193; Olives, ripe, canned; fruit; canned; olives|olive|black olives|ripe olives|kalamata olives; piece; 170; 1 can (6 oz drained); 730; -; vegan;
# --- frozen produce & frozen foods ---
peas_frozen; 11312; Peas, green, frozen; vegetable; frozen; frozen peas|frozen garden peas|petits pois; g; 454; 1 bag (1 lb); 240; -; vegan;
spinach_frozen; 11463; Spinach, frozen; vegetable; frozen; frozen spinach; g; 284; 1 package (10 oz); 240; -; vegan;
broccoli_frozen; 11092; Broccoli, frozen; vegetable; frozen; frozen broccoli; g; 284; 1 package (10 oz); 240; -; vegan;
corn_frozen; 11178; Sweet corn, frozen; vegetable; frozen; frozen corn|frozen sweetcorn; g; 454; 1 bag (1 lb); 240; -; vegan;
mixed_vegetables_frozen; 11583; Mixed vegetables, frozen; vegetable; frozen; frozen vegetables|frozen mixed vegetables|mixed veg|stir fry vegetables; g; 454; 1 bag (1 lb); 240; -; vegan;
french_fries_frozen; 11402; French fries, frozen; vegetable; frozen; french fries|fries|oven chips|frozen fries; g; 907; 1 bag (2 lb); 240; -; vegan;
blueberries_frozen; 09054; Blueberries, frozen; fruit; frozen; frozen blueberries|frozen berries; g; 567; 1 bag (20 oz); 240; -; vegan;
strawberries_frozen; 09318; Strawberries, frozen; fruit; frozen; frozen strawberries; g; 454; 1 bag (1 lb); 240; -; vegan;
ice_cream_vanilla; 19095; Ice cream, vanilla; frozen; frozen; ice cream|vanilla ice cream|gelato; piece; 792; 1 tub (1.5 qt, 1.42 L); 60; milk; veg; 0.56
pizza_cheese_frozen_cooked; 21224; Cheese pizza, frozen; prepared; frozen; pizza|cheese pizza|frozen pizza|margherita pizza; piece; 450; 1 pizza (~450 g); 180; milk|wheat; veg;
# --- canned & jarred ---
canned_tomatoes; 11531; Tomatoes, canned; vegetable; canned; canned tomatoes|tinned tomatoes|chopped tomatoes|diced tomatoes|whole peeled tomatoes; piece; 411; 1 can (14.5 oz); 730; -; vegan;
tomato_paste; 11546; Tomato paste; condiment; canned; tomato puree|tomato concentrate; piece; 170; 1 can (6 oz); 730; -; vegan;
pasta_sauce; 06931; Pasta sauce, marinara; condiment; condiments; marinara|marinara sauce|tomato sauce|spaghetti sauce|passata; piece; 680; 1 jar (24 oz); 365; -; vegan;
corn_canned; 11172; Sweet corn, canned, drained; vegetable; canned; canned corn|tinned sweetcorn|corn kernels; piece; 211; 1 can (12 oz, 211 g drained); 730; -; vegan;
chicken_broth; 06194; Chicken broth, ready-to-serve; pantry; canned; chicken stock|broth|stock|chicken bouillon; piece; 1000; 1 carton (32 fl oz); 365; -; meat; 1.05
# --- grains, pasta, bakery ---
bread_white; 18069; White bread; bakery; bakery; bread|white bread|sandwich bread|toast|sliced bread|loaf; piece; 567; 1 loaf (20 oz); 7; wheat; vegan;
bread_whole_wheat; 18075; Whole-wheat bread; bakery; bakery; whole wheat bread|wholemeal bread|brown bread|whole grain bread; piece; 567; 1 loaf (20 oz); 7; wheat; vegan;
bread_sourdough; 18029; French bread / sourdough; bakery; bakery; sourdough|baguette|french bread|vienna bread|sourdough bread; piece; 454; 1 loaf (1 lb); 4; wheat; vegan;
bread_rye; 18060; Rye bread; bakery; bakery; rye|pumpernickel; piece; 454; 1 loaf (1 lb); 7; wheat; vegan;
bagel; 18001; Bagel, plain; bakery; bakery; bagels|plain bagel; piece; 99; 1 bagel (99 g); 5; wheat|sesame; vegan;
english_muffin; 18258; English muffin; bakery; bakery; english muffins; piece; 57; 1 muffin (57 g); 7; wheat; vegan;
pita; 18041; Pita bread, white; bakery; bakery; pita bread|pitta|pitta bread|flatbread; piece; 60; 1 large pita (60 g); 7; wheat; vegan;
croissant; 18239; Croissant, butter; bakery; bakery; croissants; piece; 57; 1 medium croissant (57 g); 3; wheat|milk|egg; veg;
tortilla_flour; 18364; Flour tortilla; bakery; bakery; tortilla|tortillas|flour tortillas|wrap|wraps|burrito wrap; piece; 48; 1 tortilla (48 g); 21; wheat; vegan;
tortilla_corn; 18363; Corn tortilla; bakery; bakery; corn tortillas|taco shells|tortilla de maiz; piece; 26; 1 tortilla (26 g); 21; -; vegan;
rice_white_raw; 20044; White rice, long-grain, dry; grain; pantry; rice|white rice|long grain rice|basmati|jasmine rice|uncooked rice; g; 907; 1 bag (2 lb); 730; -; vegan;
rice_brown_raw; 20036; Brown rice, long-grain, dry; grain; pantry; brown rice|wholegrain rice; g; 907; 1 bag (2 lb); 180; -; vegan;
rice_white_cooked; 20045; White rice, cooked; grain; pantry; cooked rice|steamed rice|leftover rice|boiled rice; g; 158; 1 cup cooked (158 g); 4; -; vegan;
pasta_dry; 20120; Pasta, dry; grain; pantry; pasta|spaghetti|penne|macaroni|fusilli|linguine|dry pasta; g; 454; 1 box (1 lb); 730; wheat; vegan;
pasta_cooked; 20121; Pasta, cooked; grain; pantry; cooked pasta|cooked spaghetti|leftover pasta; g; 140; 1 cup cooked (140 g); 4; wheat; vegan;
egg_noodles; 20109; Egg noodles, dry; grain; pantry; noodles|egg noodle|egg pasta; g; 340; 1 bag (12 oz); 730; wheat|egg; veg;
rice_noodles; 20133; Rice noodles, dry; grain; pantry; rice vermicelli|rice sticks|pad thai noodles; g; 454; 1 package (1 lb); 730; -; vegan;
couscous; 20028; Couscous, dry; grain; pantry; cous cous; g; 454; 1 box (1 lb); 365; wheat; vegan;
quinoa; 20035; Quinoa, dry; grain; pantry; quinoa seeds|white quinoa|red quinoa; g; 454; 1 bag (1 lb); 730; -; vegan;
oats_dry; 08120; Oats, rolled, dry; grain; pantry; oats|rolled oats|oatmeal|porridge oats|quick oats|oat flakes; g; 1190; 1 canister (42 oz); 365; -; vegan;
flour_all_purpose; 20081; Wheat flour, all-purpose; grain; baking; flour|plain flour|all purpose flour|white flour|wheat flour; g; 2270; 1 bag (5 lb); 365; wheat; vegan;
cornstarch; 20027; Cornstarch; pantry; baking; corn starch|cornflour; g; 454; 1 box (1 lb); 730; -; vegan;
cereal_corn_flakes; 08020; Corn flakes cereal; grain; pantry; cereal|corn flakes|cornflakes|breakfast cereal; piece; 510; 1 box (18 oz); 180; -; vegan;
cereal_cheerios; 08013; Toasted oat cereal (Cheerios); grain; pantry; cheerios|oat cereal|toasted oats; piece; 340; 1 box (12 oz); 180; -; vegan;
granola; 08037; Granola; grain; pantry; muesli|granola cereal; g; 340; 1 bag (12 oz); 90; tree_nuts|wheat; veg;
# --- snacks & sweets ---
crackers_saltine; 18228; Saltine crackers; snack; snacks; crackers|cracker|saltines|soda crackers; piece; 454; 1 box (16 oz); 180; wheat; vegan;
potato_chips; 19411; Potato chips, salted; snack; snacks; crisps|potato crisps|chips; piece; 227; 1 bag (8 oz); 60; -; vegan;
tortilla_chips; 19056; Tortilla chips, salted; snack; snacks; nachos|corn chips; piece; 369; 1 bag (13 oz); 60; -; vegan;
pretzels; 19047; Pretzels, hard, salted; snack; snacks; pretzel; piece; 454; 1 bag (16 oz); 180; wheat; vegan;
popcorn; 19034; Popcorn, air-popped; snack; snacks; pop corn; g; 100; 1 bag (100 g); 60; -; vegan;
dark_chocolate_70_85; 19904; Dark chocolate, 70-85% cacao; snack; snacks; chocolate|dark chocolate|chocolate bar|bittersweet chocolate; piece; 101; 1 bar (101 g); 365; milk|soy; veg;
milk_chocolate; 19120; Milk chocolate; snack; snacks; milk chocolate bar|candy bar; piece; 44; 1 bar (1.55 oz); 365; milk|soy; veg;
donut; 18248; Doughnut, cake-type, plain; bakery; bakery; doughnut|doughnuts|donuts; piece; 40; 1 donut (40 g); 3; wheat|milk|egg; veg;
cake_yellow_chocolate_frosting; 18140; Cake, yellow, with chocolate frosting; bakery; bakery; cake|birthday cake|layer cake|chocolate cake|slice of cake; piece; 144; 1 piece (1/12 cake, 144 g); 4; wheat|milk|egg; veg;
sandwich_ham_sub; 21156; Sandwich (ham sub on white bread); prepared; deli; sandwich|sub|sub sandwich|hoagie|ham sandwich; piece; 184; 1 six-inch sub (184 g); 2; wheat; meat;
# --- condiments, oils, sweeteners, spices ---
mayonnaise; 04025; Mayonnaise; condiment; condiments; mayo; piece; 887; 1 jar (30 fl oz); 60; egg; veg; 0.93
ketchup; 11935; Ketchup; condiment; condiments; catsup|tomato ketchup; piece; 567; 1 bottle (20 oz); 180; -; vegan; 1.15
mustard_yellow; 02046; Mustard, yellow; condiment; condiments; mustard|yellow mustard|american mustard; piece; 397; 1 bottle (14 oz); 365; -; vegan; 1.05
soy_sauce; 16123; Soy sauce (shoyu); condiment; condiments; shoyu|soya sauce|tamari; piece; 296; 1 bottle (250 ml); 730; soy|wheat; vegan; 1.18
miso; 16112; Miso paste; condiment; condiments; miso paste|white miso|red miso; piece; 400; 1 tub (400 g); 180; soy; vegan;
hot_sauce; 06168; Hot sauce; condiment; condiments; hot pepper sauce|chili sauce|tabasco|sriracha|pepper sauce; piece; 150; 1 bottle (5 fl oz); 365; -; vegan; 1.01
bbq_sauce; 06150; Barbecue sauce; condiment; condiments; barbecue sauce|bbq|barbeque sauce; piece; 510; 1 bottle (18 oz); 120; -; vegan; 1.1
salsa; 06164; Salsa; condiment; condiments; salsa dip|tomato salsa|pico de gallo; piece; 454; 1 jar (16 oz); 14; -; vegan;
pesto; 06626; Pesto, basil, refrigerated; condiment; condiments; pesto sauce|basil pesto|pesto genovese; piece; 198; 1 tub (7 oz); 10; milk|tree_nuts; veg;
jam; 19297; Jam / preserves; condiment; condiments; jelly|preserves|jam jar|marmalade|fruit spread; piece; 340; 1 jar (12 oz); 180; -; vegan;
honey; 19296; Honey; sweetener; pantry; honey jar|raw honey; piece; 340; 1 jar (12 oz); 730; -; veg; 1.42
maple_syrup; 19353; Maple syrup; sweetener; pantry; maple|pure maple syrup|syrup; piece; 444; 1 bottle (12 fl oz, 355 ml); 365; -; vegan; 1.32
sugar_granulated; 19335; Sugar, granulated (white); sweetener; baking; sugar|white sugar|granulated sugar|caster sugar|table sugar; g; 1814; 1 bag (4 lb); 730; -; vegan;
sugar_brown; 19334; Brown sugar; sweetener; baking; light brown sugar|dark brown sugar|demerara; g; 907; 1 bag (2 lb); 730; -; vegan;
cocoa_powder; 19165; Cocoa powder, unsweetened; pantry; baking; cocoa|cacao powder|baking cocoa; g; 227; 1 can (8 oz); 730; -; vegan;
baking_soda; 18372; Baking soda; pantry; baking; bicarbonate of soda|bicarb|sodium bicarbonate; g; 454; 1 box (1 lb); 730; -; vegan;
baking_powder; 18370; Baking powder; pantry; baking; baking powder double acting; g; 227; 1 can (8 oz); 365; -; vegan;
salt; 02047; Salt, table; spice; baking; table salt|sea salt|kosher salt; g; 737; 1 canister (26 oz); 1825; -; vegan;
black_pepper; 02030; Black pepper, ground; spice; baking; ground black pepper|peppercorns|ground pepper; g; 57; 1 jar (2 oz); 730; -; vegan;
cinnamon; 02010; Cinnamon, ground; spice; baking; ground cinnamon|cinnamon powder; g; 68; 1 jar (2.4 oz); 730; -; vegan;
paprika; 02028; Paprika; spice; baking; smoked paprika|sweet paprika|pimenton; g; 60; 1 jar (60 g); 730; -; vegan;
cumin; 02014; Cumin seed; spice; baking; cumin seeds|ground cumin|jeera; g; 45; 1 jar (45 g); 730; -; vegan;
olive_oil; 04053; Olive oil; oil; pantry; extra virgin olive oil|evoo|virgin olive oil; piece; 460; 1 bottle (500 ml); 540; -; vegan; 0.92
canola_oil; 04582; Canola oil; oil; pantry; rapeseed oil|vegetable oil|cooking oil; piece; 1380; 1 bottle (1.5 L); 365; -; vegan; 0.92
coconut_oil; 04047; Coconut oil; oil; pantry; virgin coconut oil; piece; 400; 1 jar (14 fl oz); 730; tree_nuts; vegan; 0.92
sesame_oil; 04058; Sesame oil; oil; pantry; toasted sesame oil; piece; 230; 1 bottle (250 ml); 365; sesame; vegan; 0.92
vinegar_white; 02053; Vinegar, distilled white; condiment; condiments; vinegar|white vinegar|distilled vinegar|spirit vinegar; piece; 950; 1 bottle (946 ml); 1825; -; vegan; 1.0
vinegar_cider; 02048; Apple cider vinegar; condiment; condiments; cider vinegar|acv; piece; 475; 1 bottle (473 ml); 1825; -; vegan; 1.0
vinegar_balsamic; 02069; Balsamic vinegar; condiment; condiments; balsamic|aceto balsamico; piece; 265; 1 bottle (250 ml); 1095; -; vegan; 1.06
"""


def parse_table(text: str = TABLE) -> list[dict[str, str]]:
    """Parse ``TABLE`` into dicts with the curated columns (validated)."""
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 13:
            raise ValueError(f"TABLE line {lineno}: expected 13 fields, got {len(parts)}: {line!r}")
        (
            ing_id,
            ndb,
            name,
            category,
            aisle,
            aliases,
            unit,
            piece_g,
            package_desc,
            shelf,
            allergens,
            diet,
            density,
        ) = parts

        def bad(msg: str, _lineno: int = lineno, _id: str = ing_id) -> ValueError:
            return ValueError(f"TABLE line {_lineno} ({_id}): {msg}")

        if not ing_id or ing_id != ing_id.lower() or not ing_id.replace("_", "").isalnum():
            raise bad("id must be snake_case")
        if ing_id in seen:
            raise bad("duplicate id")
        seen.add(ing_id)
        if not (len(ndb) == 5 and ndb.isdigit()):
            raise bad(f"bad NDB number {ndb!r}")
        if category not in CATEGORIES:
            raise bad(f"unknown category {category!r}")
        if aisle not in AISLES:
            raise bad(f"unknown aisle code {aisle!r}")
        if unit not in UNITS:
            raise bad(f"unknown unit {unit!r}")
        if float(piece_g) <= 0 or int(shelf) <= 0:
            raise bad("piece_g and shelf_life_days must be positive")
        density = density or "1.0"
        if not 0.1 < float(density) < 3.0:
            raise bad(f"implausible density {density}")
        alias_list = [] if aliases in ("", "-") else [a.strip() for a in aliases.split("|")]
        allergen_set = set() if allergens in ("", "-") else {a.strip() for a in allergens.split("|")}
        if unknown := allergen_set - set(ALLERGENS):
            raise bad(f"unknown allergens {sorted(unknown)}")
        if diet not in DIET_BASE:
            raise bad(f"unknown diet {diet!r}")
        if diet == "vegan" and allergen_set & {"milk", "egg", "fish", "shellfish"}:
            raise bad("vegan food with an animal allergen")
        if diet == "veg" and allergen_set & {"fish", "shellfish"}:
            raise bad("vegetarian food with fish/shellfish")
        diets = set(DIET_BASE[diet])
        if "wheat" not in allergen_set and ing_id not in CONTAINS_GLUTEN:
            diets.add("gluten_free")
        if "milk" not in allergen_set:
            diets.add("lactose_free")
        rows.append(
            {
                "id": ing_id,
                "ndb_no": ndb,
                "name": name,
                "category": category,
                "aisle": AISLES[aisle],
                "aliases": "|".join(alias_list),
                "unit": unit,
                "piece_g": piece_g,
                "package_desc": package_desc,
                "shelf_life_days": shelf,
                "allergens": "|".join(a for a in ALLERGENS if a in allergen_set),
                "diets": "|".join(d for d in DIETS if d in diets),
                "density_g_per_ml": density,
            }
        )
    return rows


def read_sr28(nutrition_dir: Path) -> dict[str, dict[str, str]]:
    path = nutrition_dir / "foods_sr28_per100g.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["ndb_no"]: row for row in csv.DictReader(fh)}


def check_staples(rows: list[dict[str, str]], nutrition_dir: Path) -> None:
    """Every fridge_staples label must be an id with the same NDB number."""
    path = nutrition_dir / "fridge_staples.csv"
    if not path.exists():
        return
    by_id = {r["id"]: r for r in rows}
    with path.open(encoding="utf-8", newline="") as fh:
        for staple in csv.DictReader(fh):
            row = by_id.get(staple["label"])
            if row is None:
                raise ValueError(f"fridge_staples label {staple['label']!r} missing from TABLE")
            if row["ndb_no"] != staple["ndb_no"]:
                raise ValueError(
                    f"{staple['label']}: NDB {row['ndb_no']} != fridge_staples {staple['ndb_no']}"
                )


def build(nutrition_dir: Path) -> str:
    """Return the CSV text of the taxonomy."""
    rows = parse_table()
    check_staples(rows, nutrition_dir)
    sr28 = read_sr28(nutrition_dir)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        food = sr28.get(row["ndb_no"])
        if food is None:
            raise ValueError(f"{row['id']}: NDB {row['ndb_no']} not in SR28")
        record = dict(row)
        record["usda_description"] = food["description"]
        if row["id"] in PROXIES:
            record["usda_description"] += f" [stand-in: {PROXIES[row['id']]}]"
        for col, src in NUTRIENT_SOURCE.items():
            record[col] = food[src].strip()  # verbatim; empty = not analysed
        writer.writerow([record[c] for c in COLUMNS])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nutrition-dir", type=Path, default=DEFAULT_NUTRITION_DIR)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare with --output instead of writing")
    args = parser.parse_args(argv)
    text = build(args.nutrition_dir)
    return write_or_check(
        args.output, text.encode("utf-8"), check=args.check, what=f"{text.count(chr(10)) - 1} ingredients"
    )


def write_or_check(output: Path, data: bytes, *, check: bool, what: str, script: str = __file__) -> int:
    """Write `data` to `output`, or with `check` compare them (exit status 1 when they differ)."""
    if check:
        current = output.read_bytes() if output.exists() else b""
        if current != data:
            print(f"{output} is out of date; rerun {Path(script).name}", file=sys.stderr)
            return 1
        print(f"{output} is up to date ({what})")
        return 0
    output.write_bytes(data)
    print(f"wrote {output} ({what})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
